#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# report-schema.py SCHEMA REPORT...: validates each report against the
# published JSON Schema (doc/report.schema.json); prints the first error
# of each invalid one and exits 1 if any is.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
bad = 0
for path in sys.argv[2:]:
    try:
        jsonschema.validate(json.load(open(path)), schema,
                            cls=jsonschema.Draft202012Validator)
    except (jsonschema.ValidationError, ValueError) as e:
        bad += 1
        print(f"{path}: {getattr(e, 'message', e)}", file=sys.stderr)
sys.exit(1 if bad else 0)
