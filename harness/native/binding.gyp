{
  "targets": [
    {
      "target_name": "evenhand_native",
      "sources": ["addon.c", "resample.c", "frame-pipe.c", "map-file.c", "bootstrap-rates.c", "searches-scan.c", "sweep-counts.c", "match-keys.c", "thread-job.c", "sha256-bytes.c"],
      "cflags": ["-O3", "-ffp-contract=off", "-fno-fast-math"]
    }
  ]
}
