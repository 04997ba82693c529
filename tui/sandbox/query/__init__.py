"""The sandbox's conditions engine: the vendor's `conditions` grammar, compiled predicates,
and which company fields a query may name and how each is read from a row."""
