"""THE MongoDB persistence of storebridge (PyMongo AsyncMongoClient).

Known gaps of the nx-27017 stand-in are worked around here and nowhere else; see
`docs/mongodb-stand-in.md`.
"""
