"""Sphinx extension: ``sitemap.xml`` listing every page of the site, whatever this build rewrote.

sphinx-sitemap collects the pages as they are written, so a warm rebuild (which rewrites only
the pages whose sources changed) publishes a sitemap of those pages alone. This one lists every
document Sphinx knows about, at ``html_baseurl``, with the date of its source's last commit as
``<lastmod>`` where docs/_ext/page_source.py found one.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from xml.etree import ElementTree as ET

import page_source

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _write_sitemap(app, exception) -> None:
    if exception or app.builder.format != "html" or not app.config.html_baseurl:
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    dates = getattr(app.env, "dlnotes_last_commit", {})
    urlset = ET.Element("urlset", xmlns=NAMESPACE)
    for docname in sorted(app.env.found_docs):
        link = app.builder.get_target_uri(docname)
        if any(fnmatch.fnmatch(link, pattern) for pattern in app.config.site_map_excludes):
            continue
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = base + link
        source = page_source.source_path(docname, _suffix(app, docname))
        if source and source in dates:
            ET.SubElement(url, "lastmod").text = dates[source]
    tree = ET.ElementTree(urlset)
    ET.indent(tree)
    tree.write(Path(app.outdir) / "sitemap.xml", encoding="utf-8", xml_declaration=True)


def _suffix(app, docname: str) -> str | None:
    path = Path(app.env.doc2path(docname))
    return path.suffix or None


def setup(app):
    app.add_config_value("site_map_excludes", [], "html", types=frozenset({list}))
    app.connect("build-finished", _write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
