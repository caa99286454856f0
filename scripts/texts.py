#!/usr/bin/env python3
"""Writes PartnerPortal.Web/Resources/SharedResource{,.de}.resx from scripts/texts/*.tsv (key, English, German),
so English and German never drift apart and each feature keeps its texts in a file of its own.
Run: python3 scripts/texts.py   (the resx files are committed; a test checks they match the tsv files)."""
import glob, html, os, sys

here = os.path.dirname(os.path.abspath(__file__))
texts = {}
for path in sorted(glob.glob(os.path.join(here, "texts", "*.tsv"))):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: expected key<TAB>English<TAB>German")
            key, en, de = parts
            if key in texts:
                sys.exit(f"{path}:{n}: {key} is defined twice")
            texts[key] = (en, de)

HEAD = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
out = os.path.join(here, "..", "PartnerPortal.Web", "Resources")
os.makedirs(out, exist_ok=True)
for suffix, idx in (("", 0), (".de", 1)):
    with open(os.path.join(out, f"SharedResource{suffix}.resx"), "w", encoding="utf-8") as f:
        f.write(HEAD)
        for k in sorted(texts):
            f.write(f'  <data name="{k}" xml:space="preserve"><value>{html.escape(texts[k][idx], quote=False)}</value></data>\n')
        f.write("</root>\n")
print(len(texts), "texts")
