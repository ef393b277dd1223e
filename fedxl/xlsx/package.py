"""Put back the package parts openpyxl dropped when it rewrote a workbook.

openpyxl keeps sheets, styles, pictures and charts, but drops parts it does not know. The one
that matters here is WPS's in-cell pictures (`=DISPIMG("ID_…",1)`): they live in
`xl/cellimages.xml`, related from the workbook, with their images in `xl/media`. A feedback copy
without them shows #NAME? where the town had photos. After openpyxl has written the copy, every
part the source workbook related to that is missing from the copy is copied back with the parts
it relates to (renamed where openpyxl has since used the name), its relationship re-added and its
content type declared.
"""

from __future__ import annotations

import posixpath
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
NOT_RESTORED = (
    "/calcChain",
    "/sharedStrings",
    "/styles",
    "/theme",
    "/worksheet",
    "/chartsheet",
    "/externalLink",
    "/connections",
    "/pivotCacheDefinition",
)  # openpyxl rewrites or drops on purpose


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relative(from_part: str, to_part: str) -> str:
    return posixpath.relpath(to_part, posixpath.dirname(from_part))


def _read_rels(z: zipfile.ZipFile, part: str) -> list[ET.Element]:
    try:
        return list(ET.fromstring(z.read(_rels_path(part))))
    except (KeyError, ET.ParseError):
        return []


def _free_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    stem, ext = posixpath.splitext(name)
    n = 1
    while f"{stem}_fedxl{n}{ext}" in taken:
        n += 1
    return f"{stem}_fedxl{n}{ext}"


def restore_dropped_parts(source: Path, written: Path) -> list[str]:
    """Copy back into `written` the workbook-level parts of `source` it lacks; the parts added."""
    try:
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(written) as out:
            have = set(out.namelist())
            wanted = [
                r
                for r in _read_rels(src, "xl/workbook.xml")
                if r.get("TargetMode") != "External"
                and not any(r.get("Type", "").endswith(k) for k in NOT_RESTORED)
                and _resolve("xl/workbook.xml", r.get("Target", "")) not in have
                and _resolve("xl/workbook.xml", r.get("Target", "")) in src.NameToInfo
            ]
            if not wanted:
                return []
            src_types = ET.fromstring(src.read("[Content_Types].xml"))
            out_types = ET.fromstring(out.read("[Content_Types].xml"))
            out_rels = ET.fromstring(out.read(WORKBOOK_RELS))
            added: dict[str, bytes] = {}
            renamed: dict[str, str] = {}

            def copy(part: str) -> str:
                """Copy `part` and what it relates to; its name in the new package."""
                if part in renamed:
                    return renamed[part]
                new = _free_name(part, have | set(added))
                renamed[part] = new
                added[new] = b""
                rels = _read_rels(src, part)
                for rel in rels:
                    if rel.get("TargetMode") == "External":
                        continue
                    child = _resolve(part, rel.get("Target", ""))
                    if child in src.NameToInfo:
                        rel.set("Target", _relative(new, copy(child)))
                added[new] = src.read(part)
                if rels:
                    root = ET.Element(f"{{{RELS_NS}}}Relationships")
                    root.extend(rels)
                    added[_rels_path(new)] = _xml(root, RELS_NS)
                return new

            ids = {r.get("Id") for r in out_rels}
            for rel in wanted:
                new = copy(_resolve("xl/workbook.xml", rel.get("Target", "")))
                rid, n = rel.get("Id") or "rIdFedxl", 1
                while rid in ids:
                    rid, n = f"rIdFedxl{n}", n + 1
                ids.add(rid)
                ET.SubElement(
                    out_rels,
                    f"{{{RELS_NS}}}Relationship",
                    {
                        "Id": rid,
                        "Type": rel.get("Type", ""),
                        "Target": _relative("xl/workbook.xml", new),
                    },
                )
            _declare_types(src_types, out_types, renamed)
            entries = [(i, out.read(i)) for i in out.infolist()]
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError):
        return []  # nothing to put back from a package we cannot read: the copy stands as written
    replaced = {
        WORKBOOK_RELS: _xml(out_rels, RELS_NS),
        "[Content_Types].xml": _xml(out_types, CT_NS),
    }
    part_file = written.with_name(written.name + ".parts")
    try:
        with zipfile.ZipFile(part_file, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in entries:
                z.writestr(info, replaced.get(info.filename, data))
            for name, data in added.items():
                z.writestr(name, data)
        shutil.move(part_file, written)
    finally:
        part_file.unlink(missing_ok=True)
    return sorted(added)


def _xml(root: ET.Element, namespace: str) -> bytes:
    """Serialise a flat relationships or content-types part with `namespace` as the default one,
    as Excel writes them (ElementTree would write ns0: prefixes)."""
    from xml.sax.saxutils import quoteattr

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    children = "".join(
        f"<{local(c.tag)}"
        + "".join(f" {local(k)}={quoteattr(v)}" for k, v in c.attrib.items())
        + "/>"
        for c in root
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{local(root.tag)} '
        f'xmlns="{namespace}">'
        f"{children}</{local(root.tag)}>"
    ).encode()


def _declare_types(src_types: ET.Element, out_types: ET.Element, renamed: dict[str, str]) -> None:
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in src_types.iter(f"{{{CT_NS}}}Override")
    }
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in src_types.iter(f"{{{CT_NS}}}Default")
    }
    have_defaults = {d.get("Extension", "").lower() for d in out_types.iter(f"{{{CT_NS}}}Default")}
    for old, new in renamed.items():
        if old in overrides:
            ET.SubElement(
                out_types,
                f"{{{CT_NS}}}Override",
                {"PartName": "/" + new, "ContentType": overrides[old]},
            )
            continue
        ext = posixpath.splitext(new)[1].lstrip(".").lower()
        if ext and ext not in have_defaults and ext in defaults:
            ET.SubElement(
                out_types, f"{{{CT_NS}}}Default", {"Extension": ext, "ContentType": defaults[ext]}
            )
            have_defaults.add(ext)
