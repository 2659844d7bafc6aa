# net/: the async client and credentials (appended to libnet.a).
