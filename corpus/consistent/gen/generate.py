#!/usr/bin/env python3
"""Writes the synthetic consistent reports of corpus/consistent/ (every figure computed here).

usage: python3 generate.py        (from any directory; overwrites the .txt files)
The corrected twin of the corpus report is written by fix_corpus.py.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))

import final_accounts  # noqa: E402
import project_selfeval  # noqa: E402
import side_tables  # noqa: E402
import third_party_eval  # noqa: E402
import traps_dept  # noqa: E402
import truncating_dept  # noqa: E402

DOCS = {
    "project-selfeval-2023.txt": project_selfeval.build,
    "third-party-eval-2022.txt": third_party_eval.build,
    "truncating-dept-selfeval-2022.txt": truncating_dept.build,
    "final-accounts-2023.txt": final_accounts.build,
    "traps-dept-selfeval-2023.txt": traps_dept.build,
    "two-sided-tables-2024.txt": side_tables.build,
}

if __name__ == "__main__":
    for name, build in DOCS.items():
        (HERE.parent / name).write_text(build(), encoding="utf-8")
        print("wrote", name)
