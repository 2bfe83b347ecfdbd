"""Write the English-Spanish Bible corpus: World English Bible and Reina-Valera 1909, aligned verse by verse.

    /usr/bin/python3 tools/bible/build.py                 # writes data/bible/en-es.tsv (not committed: ~9 MB)
    /usr/bin/python3 tools/bible/build.py --out pairs.tsv

Both texts are public domain and packaged by Debian as SWORD modules (sword-text-web: engWEB2015eb;
sword-text-sparv: spaRV1909eb), read with Debian's python3-sword. That module exists for Debian's own
/usr/bin/python3 only, not for a virtualenv, so run this file with /usr/bin/python3. When the module or the
texts are missing, it installs them with apt-get (as root) first.

Each line of the output is `English<TAB>Spanish<TAB>reference` (e.g. "John 3:16"), the format
`python -m models.training --corpus` reads. Verses that cannot be paired are counted and reported
(tools/bible/osis.py says which and why).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # osis.py beside this file (run as a script)
from osis import align, read_module, tsv_line

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["sword-text-web", "sword-text-sparv", "python3-sword"]
SOURCE_MODULE, TARGET_MODULE = "engWEB2015eb", "spaRV1909eb"


def ensure_sword():
    """The `Sword` module, installing Debian's packages first when it or the two texts are missing."""
    if sys.prefix != sys.base_prefix:
        sys.exit("error: python3-sword is Debian's: run this with /usr/bin/python3, not a virtualenv's python")
    try:
        import Sword

        mgr = Sword.SWMgr()
        if mgr.getModule(SOURCE_MODULE) is not None and mgr.getModule(TARGET_MODULE) is not None:
            return Sword
    except ImportError:
        pass
    if os.geteuid() != 0:
        sys.exit(f"error: run as root, or install them first: apt-get install -y {' '.join(PACKAGES)}")
    print(f"installing {', '.join(PACKAGES)} with apt-get …", file=sys.stderr, flush=True)
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
    subprocess.run([*apt, "update", "-qq"], check=True)
    subprocess.run([*apt, "install", "-y", "-qq", "--no-install-recommends", *PACKAGES], check=True)
    import Sword

    return Sword


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "bible" / "en-es.tsv")
    args = parser.parse_args(argv)
    Sword = ensure_sword()
    mgr = Sword.SWMgr()  # keep a reference: the modules belong to it (freeing it crashes the process)
    try:
        source = read_module(mgr, SOURCE_MODULE)
        target = read_module(mgr, TARGET_MODULE)
    except LookupError as e:
        sys.exit(f"error: {e}")
    rows, report = align(source, target)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.writelines(tsv_line(*row) for row in rows)
    print(f"{SOURCE_MODULE}: {len(source):,} verses, {TARGET_MODULE}: {len(target):,} verses")
    print(f"{args.out}: {report.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
