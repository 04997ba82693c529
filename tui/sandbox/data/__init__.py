"""Generated tenant data: word lists, company names, tenant profiles, compact company rows
and the full vendor JSON (with contact details) derived from them."""
