"""Per-destination rules (issue 18), pure: scope, fields, prices, stock, availability.

`config` is the file format; one module per rule kind; `ruled.plan_ruled` is the planner's one
seam (A's product as the destination gets it in, the writes it does not own out).
"""
