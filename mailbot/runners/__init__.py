"""The runners: the worker, the sender, and the processes that run them."""
