"""The declaration of conformity: is an attachment one, and what it says."""
