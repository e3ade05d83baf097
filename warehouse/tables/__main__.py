"""Print the README's table list: `python -m warehouse.tables`."""

from warehouse.tables.docs import table_list

print(table_list())
