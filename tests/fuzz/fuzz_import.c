/* fuzz_import.c — feeds arbitrary bytes to every importer (forced format)
 * and to format detection, on an in-memory study database. Built as a
 * libFuzzer target with -DNFOLD_FUZZ=ON (clang); otherwise its own main()
 * replays the files named on the command line, which is how the suite runs
 * the committed hostile corpus (tests/hostile/) under ASan and UBSan.
 * Invariants checked: no crash, no leak, and a failed import leaves the
 * database exactly as it was. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "importer.h"

static int64_t count_rows(sqlite3 *db)
{
  return db_int(db,
                "SELECT (SELECT count(*) FROM samples) + (SELECT count(*) FROM samples_extra)"
                " + (SELECT count(*) FROM servers) + (SELECT count(*) FROM imports)"
                " + (SELECT count(*) FROM server_tags)",
                -1);
}

static void one(const uint8_t *data, size_t size)
{
  char path[] = "/tmp/nfold-fuzz-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    abort();
  if (write(fd, data, size) != (ssize_t)size)
    abort();
  close(fd);
  nf_err err = {0};
  sqlite3 *db = db_open(":memory:", &err);
  if (db == NULL)
    abort();
  /* Detection (i = -1), then every format forced. */
  int nimp = 0;
  while (nf_importers[nimp])
    nimp++;
  for (int i = -1; i < nimp; i++) {
    nf_import_opts o = {0};
    if (i >= 0)
      o.format = nf_importers[i]->name;
    int64_t before = count_rows(db);
    nf_import_result r;
    memset(&err, 0, sizeof err);
    if (import_file(db, path, &o, &r, &err) != 0) {
      if (!err.set || count_rows(db) != before) {
        fprintf(stderr, "fuzz: failed import left the database changed or said nothing\n");
        abort();
      }
    }
    /* Let the next format read the same bytes as new. */
    db_exec(db, "DELETE FROM imports", &err);
  }
  db_close(db);
  unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  one(data, size);
  return 0;
}

#ifndef NFOLD_LIBFUZZER
int main(int argc, char **argv)
{
  int n = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (f == NULL) {
      perror(argv[i]);
      return 1;
    }
    size_t cap = 1 << 16, len = 0, k;
    uint8_t *buf = malloc(cap);
    while ((k = fread(buf + len, 1, cap - len, f)) > 0) {
      len += k;
      if (len == cap)
        buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    one(buf, len);
    free(buf);
    n++;
  }
  printf("%d input%s replayed through every importer\n", n, n == 1 ? "" : "s");
  return 0;
}
#endif
