"""The ceiling of the edge: a bare aiosmtpd server whose handler does nothing but say 250."""

import asyncio
import sys
from functools import partial

from aiosmtpd.smtp import SMTP


class Nothing:
    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 OK"


async def main(port: int) -> None:
    loop = asyncio.get_running_loop()
    factory = partial(SMTP, Nothing(), decode_data=False, enable_SMTPUTF8=True, data_size_limit=25 * 1024 * 1024)
    server = await loop.create_server(factory, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
