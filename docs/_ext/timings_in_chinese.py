"""Sphinx extension: sphinx-gallery's timings, said in Chinese.

A gallery page ends with "Total running time of the script: (0 minutes 3.2 seconds)", and a
computation-times page starts with "00:41.0 total execution time for 12 files from all
galleries:". Neither is a message (catalog_messages.py keeps the numbers out of the catalogs):
in the Chinese build this rewrites both sentences around their numbers.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

_RUNNING_TIME = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")
_TOTAL_TIME = re.compile(r"^(\S+) total execution time for (\d+) files? from (.+):$")


class GalleryTimesInChinese(SphinxTransform):
    default_priority = 21  # after Locale

    def apply(self, **kwargs) -> None:
        if self.config.language != "zh_CN":
            return
        for paragraph in self.document.findall(nodes.paragraph):
            text = paragraph.astext()
            if text.startswith("Total running time of the script:"):
                minutes, seconds = _RUNNING_TIME.search(text).groups()
                paragraph.children = [
                    nodes.strong("", "脚本总运行时间："),
                    nodes.Text(f"{minutes} 分 {seconds} 秒"),
                ]
            elif match := _TOTAL_TIME.match(text):
                total, count, scope = match.groups()
                scope = "所有教程" if scope == "all galleries" else scope
                paragraph.children = [
                    nodes.Text(f"{scope}：共 {count} 个文件，总执行时间 "),
                    nodes.strong("", total),
                    nodes.Text("："),
                ]


def setup(app):
    app.add_transform(GalleryTimesInChinese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
