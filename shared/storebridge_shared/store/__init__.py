"""THE shared MongoDB persistence of storebridge (PyMongo AsyncMongoClient): the client, the
collection list, the event log and leases. A repository used by one service lives in that
service's own `store` package.

Known gaps of the nx-27017 stand-in are worked around in the store packages and nowhere else; see
`docs/mongodb-stand-in.md`.
"""
