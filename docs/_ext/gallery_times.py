"""Sphinx extension: the computation-times pages show only what was measured.

sphinx-gallery's computation-times tables (``sg_execution_times``) have a "Mem (MB)" column
even when memory is not measured (``show_memory`` is off in docs/conf.py), and fill it with
0.0 for every page: numbers that are not true. This removes the column from those tables.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

MEMORY = "Mem (MB)"


def drop_column(table: nodes.table, index: int) -> None:
    group = table.next_node(nodes.tgroup)
    group.remove(list(group.findall(nodes.colspec))[index])
    group["cols"] -= 1
    for row in group.findall(nodes.row):
        row.remove(row.children[index])


class NoUnmeasuredMemory(SphinxTransform):
    default_priority = 5  # before anything reads the tables' text (the catalogs, Locale)

    def apply(self, **kwargs) -> None:
        if self.config.sphinx_gallery_conf.get("show_memory") or not self.env.docname.endswith(
            "sg_execution_times"
        ):
            return
        for table in list(self.document.findall(nodes.table)):
            header = [entry.astext() for entry in table.next_node(nodes.row).children]
            if MEMORY in header:
                drop_column(table, header.index(MEMORY))


def setup(app):
    app.add_transform(NoUnmeasuredMemory)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
