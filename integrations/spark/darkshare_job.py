#!/usr/bin/env python3
"""darkshare_job.py - darkshare as the mapper of an Apache Spark job, aggregates in Spark SQL.

    spark-submit --files darkshare darkshare_job.py [--darkshare ./darkshare] [--partitions N]
                 [--master local[2]] [--report-dir DIR] [--totals FILE]
                 [--write-input-list FILE] [--input-list FILE] PATH...

1. Lists the inputs under PATH... on the driver (files darkshare's own folder walk reads:
   see INPUT_EXTENSIONS and looks_like_input) or takes them from --input-list.
2. Balances them over N partitions by size (largest first, each to the lightest partition), not
   by count: one 2 GB mbox and a thousand 50 KB newsletters must not make one task last hours.
   Each input stays whole within one task - darkshare streams archives in bounded memory, so
   Spark never needs to split a file.
3. Runs `darkshare links --format ndjson --input-list -` on each partition with RDD.pipe
   (paths in on standard input, one a line; one JSON object a line out).
4. Parses the ndjson into a DataFrame (explicit schema: no inference pass re-running darkshare)
   and computes dark-share rates by month, sender, campaign, channel and destination host in
   Spark SQL, plus the run's totals (files, links by status, findings, input errors).

Only the standard library and pyspark are needed. See README.md beside this file.
"""
import argparse
import json
import os
import sys

#: What darkshare's folder walk reads by extension (InputResolver.defaultExtensions, templates).
INPUT_EXTENSIONS = {
    "html", "htm", "eml", "emlx", "mjml", "txt", "csv", "mbox", "mbx", "zip",
    "hbs", "handlebars", "liquid", "njk", "twig", "jinja", "j2", "erb", "xhtml", "tpl",
}
#: Telegram export keys darkshare sniffs a .json for (TelegramExportReader.topKeys).
TELEGRAM_KEYS = [b'"messages"', b'"chats"', b'"personal_information"', b'"about"', b'"left_chats"']


def format_extension(name):
    """The extension that decides a file's format: archive.mbox.gz -> mbox."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    return os.path.splitext(lowered)[1][1:]


def looks_like_input(path, name, in_maildir):
    """Whether darkshare's walk would read this file: by extension, a Maildir message, or a
    .json/.xml whose first bytes show a Telegram export or an SMS backup."""
    if in_maildir:
        return True
    extension = format_extension(name)
    if extension in INPUT_EXTENSIONS:
        return True
    if extension in ("json", "xml") and not name.lower().endswith(".gz"):
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096)
        except OSError:
            return True  # darkshare reports why it cannot be read
        if extension == "xml":
            return b"<smses" in head[:1024]
        stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
        return stripped.startswith(b"{") and any(key in head for key in TELEGRAM_KEYS)
    return False


def list_inputs(paths):
    """The files under `paths`, in sorted walk order; hidden files and folders are skipped and
    a file named directly is always taken."""
    inputs = []
    for path in paths:
        if not os.path.isdir(path):
            inputs.append(path)
            continue
        for folder, folders, files in os.walk(path):
            folders[:] = sorted(d for d in folders if not d.startswith("."))
            base = os.path.basename(folder)
            parent = os.path.dirname(folder)
            in_maildir = base in ("cur", "new") and sum(
                os.path.isdir(os.path.join(parent, d)) for d in ("cur", "new", "tmp")) >= 2
            for name in sorted(files):
                full = os.path.join(folder, name)
                if name.startswith(".") or not os.path.isfile(full) or os.path.islink(full) and not os.path.exists(full):
                    continue
                if looks_like_input(full, name, in_maildir):
                    inputs.append(full)
    return inputs


def balance(inputs, partitions):
    """Assigns each input to a partition so the partitions' total sizes are close: largest
    first, each to the partition with the fewest bytes so far (LPT scheduling). Returns a list
    of (partition, path)."""
    loads = [0] * partitions
    assigned = []
    sized = sorted(((os.path.getsize(p) if os.path.isfile(p) else 0, p) for p in inputs), key=lambda t: (-t[0], t[1]))
    for size, path in sized:
        lightest = min(range(partitions), key=lambda i: (loads[i], i))
        loads[lightest] += size
        assigned.append((lightest, path))
    return assigned


def link_schema():
    from pyspark.sql.types import ArrayType, IntegerType, StringType, StructField, StructType
    message = StructType([StructField(n, IntegerType() if n == "index" else StringType())
                          for n in ("index", "id", "date", "from", "subject")])
    return StructType([
        StructField("file", StringType()), StructField("line", IntegerType()),
        StructField("column", IntegerType()), StructField("message", message),
        StructField("channel", StringType()), StructField("url", StringType()),
        StructField("destination", StringType()), StructField("status", StringType()),
        StructField("rules", ArrayType(StringType())), StructField("text", StringType()),
        StructField("via", StringType()), StructField("error", StringType()),
    ])


#: The dimensions of the report, as Spark SQL expressions over the `links` view.
DIMENSIONS = {
    # "Tue, 14 May 2024 09:00:00 +0000" -> 2024-05 (RFC 5322 dates; unparseable ones -> null).
    # An ISO date (the chat and SMS readers write them) -> its first seven characters.
    "month": """CASE WHEN message.date RLIKE '^[0-9]{4}-[0-9]{2}' THEN substr(message.date, 1, 7)
        WHEN regexp_extract(message.date, '(\\\\d{1,2}) +([A-Za-z]{3}) +(\\\\d{4})', 3) = '' THEN NULL
        ELSE concat(regexp_extract(message.date, '(\\\\d{1,2}) +([A-Za-z]{3}) +(\\\\d{4})', 3), '-',
          lpad(CAST((instr('JanFebMarAprMayJunJulAugSepOctNovDec',
            initcap(regexp_extract(message.date, '(\\\\d{1,2}) +([A-Za-z]{3}) +(\\\\d{4})', 2))) + 2) / 3 AS INT), 2, '0')) END""",
    # The sender's address (lower-cased) when From has one, else From as written.
    "sender": """coalesce(nullif(lower(regexp_extract(message.from, '([^<>\\\\s]+@[^<>\\\\s]+)', 1)), ''), message.from)""",
    # utm_campaign when the link has one, else the message's subject, else the file's name.
    "campaign": """coalesce(nullif(regexp_extract(coalesce(destination, url), '[?&]utm_campaign=([^&#]*)', 1), ''),
        message.subject, regexp_extract(file, '([^/]+?)(\\\\.[^./]*)?$', 1))""",
    "channel": "channel",
    "destination_host": """nullif(lower(regexp_extract(coalesce(destination, url), '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:@]*@)?([^/?#:]*)', 2)), '')""",
}

#: Per group: links, each status, and the dark-share rate: dark and at-risk links among the
#: outbound links darkshare judged, i.e. all but `excluded` (as docs/audit-database.md defines it).
MEASURES = """count(*) AS links,
  sum(CASE WHEN status = 'tracked' THEN 1 ELSE 0 END) AS tracked,
  sum(CASE WHEN status = 'partial' THEN 1 ELSE 0 END) AS partial,
  sum(CASE WHEN status = 'dark' THEN 1 ELSE 0 END) AS dark,
  sum(CASE WHEN status = 'at-risk' THEN 1 ELSE 0 END) AS at_risk,
  sum(CASE WHEN status = 'unknown' THEN 1 ELSE 0 END) AS unknown,
  sum(CASE WHEN status = 'excluded' THEN 1 ELSE 0 END) AS excluded,
  round(sum(CASE WHEN status IN ('dark', 'at-risk') THEN 1 ELSE 0 END)
    / nullif(sum(CASE WHEN status <> 'excluded' THEN 1 ELSE 0 END), 0), 4) AS dark_rate"""


def run(spark, darkshare, inputs, partitions, report_dir=None):
    """Runs darkshare over `inputs` in `partitions` tasks; returns (totals, rates by dimension)."""
    sc = spark.sparkContext
    partitions = max(1, min(partitions, len(inputs) or 1))
    assigned = balance(inputs, partitions)
    paths = (sc.parallelize(assigned, partitions)
             .partitionBy(partitions, lambda key: key)
             .values())
    # checkCode=False: darkshare exits 2 when an input cannot be read, and reports it as an
    # {"file","error"} line, which is counted below; the other inputs are still read.
    lines = paths.pipe(f"{darkshare} links --format ndjson --quiet --fail-on never --input-list -", checkCode=False)
    frame = spark.read.schema(link_schema()).json(lines).cache()
    frame.createOrReplaceTempView("records")
    spark.sql("CREATE OR REPLACE TEMP VIEW links AS SELECT * FROM records WHERE error IS NULL")

    by_status = {row["status"]: row["n"] for row in spark.sql("SELECT status, count(*) AS n FROM links GROUP BY status").collect()}
    findings = [
        {"rule": row["rule"], "file": row["file"], "line": row["line"], "column": row["column"], "url": row["url"]}
        for row in spark.sql("SELECT explode(rules) AS rule, file, line, column, url FROM links").collect()
    ]
    errors = [{"file": row["file"], "error": row["error"]}
              for row in spark.sql("SELECT file, error FROM records WHERE error IS NOT NULL").collect()]
    totals = {
        "files": len(inputs),
        "links": sum(by_status.values()),
        "byStatus": by_status,
        "findings": sorted(findings, key=lambda f: (f["file"], f["line"], f["column"], f["rule"], f["url"])),
        "errors": sorted(errors, key=lambda e: (e["file"], e["error"])),
    }
    rates = {}
    for name, expression in DIMENSIONS.items():
        query = f"SELECT {expression} AS {name}, {MEASURES} FROM links GROUP BY 1 ORDER BY links DESC, 1"
        rates[name] = [row.asDict() for row in spark.sql(query).collect()]
    if report_dir:
        os.makedirs(report_dir, exist_ok=True)
        for name, rows in rates.items():
            with open(os.path.join(report_dir, f"by_{name}.json"), "w") as handle:
                json.dump(rows, handle, indent=1, sort_keys=True)
    frame.unpersist()
    return totals, rates


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="files and folders to audit (listed on the driver)")
    parser.add_argument("--input-list", help="a file of input paths, one a line, instead of listing folders")
    parser.add_argument("--darkshare", default="./darkshare",
                        help="the darkshare binary as the workers see it (default ./darkshare: spark-submit --files)")
    parser.add_argument("--partitions", type=int, default=0, help="tasks (default: Spark's default parallelism)")
    parser.add_argument("--master", help="Spark master when not set by spark-submit (e.g. local[2])")
    parser.add_argument("--report-dir", help="write the rates by each dimension there as JSON")
    parser.add_argument("--totals", help="write the run's totals (files, links by status, findings, errors) as JSON")
    parser.add_argument("--write-input-list", help="write the inputs listed, one a line")
    parser.add_argument("--show", type=int, default=20, help="rows of each rate table to print (0: none)")
    options = parser.parse_args(argv)

    if options.input_list:
        with open(options.input_list, encoding="utf-8") as handle:
            inputs = [line.rstrip("\r\n") for line in handle if line.strip()]
    else:
        inputs = list_inputs(options.paths)
    if options.write_input_list:
        with open(options.write_input_list, "w", encoding="utf-8") as handle:
            handle.writelines(path + "\n" for path in inputs)
    if any("\n" in path for path in inputs):
        sys.exit("darkshare_job: a path with a line break cannot go through RDD.pipe; rename it")

    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName("darkshare")
    if options.master:
        builder = builder.master(options.master)
    spark = builder.getOrCreate()
    try:
        partitions = options.partitions or spark.sparkContext.defaultParallelism
        darkshare = options.darkshare
        totals, rates = run(spark, darkshare, inputs, partitions, options.report_dir)
    finally:
        spark.stop()
    if options.totals:
        with open(options.totals, "w") as handle:
            json.dump(totals, handle, indent=1, sort_keys=True)
    print(f"{totals['files']} files, {totals['links']} links: "
          + ", ".join(f"{n} {s}" for s, n in sorted(totals["byStatus"].items()))
          + f"; {len(totals['findings'])} findings, {len(totals['errors'])} unreadable inputs")
    for name, rows in rates.items():
        if options.show:
            print(f"\ndark-share rate by {name}:")
            for row in rows[:options.show]:
                print(f"  {str(row[name])[:60]:60} {row['links']:8} links  dark {row['dark']:6}  rate {row['dark_rate']}")


if __name__ == "__main__":
    main()
