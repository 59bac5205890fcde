/* test_textin.c — the streaming reader: BOMs, UTF-16, code pages, CSV
 * records with quoted separators, quotes and line breaks, and records that
 * straddle the 64 KiB read chunks. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "textin.h"

static char *write_tmp(const void *data, size_t n)
{
  static char path[64];
  snprintf(path, sizeof path, "/tmp/nfold-textin-XXXXXX");
  int fd = mkstemp(path);
  T_CHECK(write(fd, data, n) == (ssize_t)n);
  close(fd);
  return path;
}

static void test_csv_quotes(void)
{
  const char *text = "a,\"b,1\",c\r\n\"x\"\"y\",\"multi\nline\",\n\n1,2,3";
  char *p = write_tmp(text, strlen(text));
  nf_err err = {0};
  nf_textin *t = textin_open(p, NULL, &err);
  char **f;
  int nf;
  const unsigned char *q;
  T_CHECK(textin_csv_next(t, ',', &f, &nf, &q, &err) == 1);
  T_CHECK(nf == 3);
  T_STREQ(f[1], "b,1");
  T_CHECK(q[1] == 1 && q[0] == 0);
  T_CHECK(textin_csv_next(t, ',', &f, &nf, &q, &err) == 1);
  T_CHECK(nf == 3);
  T_STREQ(f[0], "x\"y");
  T_STREQ(f[1], "multi\nline");
  T_STREQ(f[2], "");
  T_CHECK(textin_line(t) == 2);
  T_CHECK(textin_csv_next(t, ',', &f, &nf, &q, &err) == 1);
  T_CHECK(textin_line(t) == 5);
  T_STREQ(f[2], "3");
  T_CHECK(textin_csv_next(t, ',', &f, &nf, &q, &err) == 0);
  textin_close(t);
  unlink(p);
}

static void test_unterminated(void)
{
  const char *text = "a,b\n\"open,c\nd,e\n";
  char *p = write_tmp(text, strlen(text));
  nf_err err = {0};
  nf_textin *t = textin_open(p, NULL, &err);
  char **f;
  int nf;
  T_CHECK(textin_csv_next(t, ',', &f, &nf, NULL, &err) == 1);
  T_CHECK(textin_csv_next(t, ',', &f, &nf, NULL, &err) == -1);
  T_CHECK(strstr(err.msg, ":2: a quoted field that never ends") != NULL);
  textin_close(t);
  unlink(p);
}

static void test_utf16(void)
{
  /* "é,ж\n" in UTF-16LE with BOM. */
  const unsigned char le[] = {0xFF, 0xFE, 0xE9, 0x00, ',', 0x00, 0x36, 0x04, '\n', 0x00};
  char *p = write_tmp(le, sizeof le);
  nf_err err = {0};
  nf_textin *t = textin_open(p, NULL, &err);
  T_STREQ(textin_encoding(t), "UTF-16LE");
  char **f;
  int nf;
  T_CHECK(textin_csv_next(t, ',', &f, &nf, NULL, &err) == 1);
  T_STREQ(f[0], "\xC3\xA9");
  T_STREQ(f[1], "\xD0\xB6");
  textin_close(t);
  unlink(p);
  /* Windows-1251 forced: 0xC4 is "Д". */
  const unsigned char cp[] = {0xC4, '\n'};
  p = write_tmp(cp, sizeof cp);
  t = textin_open(p, "CP1251", &err);
  char *line;
  T_CHECK(textin_line_next(t, &line, NULL, &err) == 1);
  T_STREQ(line, "\xD0\x94");
  textin_close(t);
  /* Not UTF-8 and nothing forced: read as Windows-1252 ("Ä"). */
  t = textin_open(p, NULL, &err);
  T_STREQ(textin_encoding(t), "WINDOWS-1252");
  T_CHECK(textin_line_next(t, &line, NULL, &err) == 1);
  T_STREQ(line, "\xC3\x84");
  textin_close(t);
  unlink(p);
}

static void test_big(void)
{
  /* 20,000 records of UTF-16BE cross many 64 KiB chunks. */
  FILE *f = tmpfile();
  (void)f;
  size_t n = 0, cap = 1 << 22;
  unsigned char *buf = malloc(cap);
  buf[n++] = 0xFE;
  buf[n++] = 0xFF;
  for (int i = 0; i < 20000; i++) {
    char line[64];
    int k = snprintf(line, sizeof line, "\"row %d\",%d\n", i, i * 3);
    for (int j = 0; j < k; j++) {
      buf[n++] = 0;
      buf[n++] = (unsigned char)line[j];
    }
  }
  char *p = write_tmp(buf, n);
  free(buf);
  fclose(f);
  nf_err err = {0};
  nf_textin *t = textin_open(p, NULL, &err);
  char **fl;
  int nf, rows = 0, ok = 1;
  while (textin_csv_next(t, ',', &fl, &nf, NULL, &err) == 1) {
    char want[32];
    snprintf(want, sizeof want, "row %d", rows);
    if (nf != 2 || strcmp(fl[0], want) != 0 || atoi(fl[1]) != rows * 3)
      ok = 0;
    rows++;
  }
  T_CHECK(ok);
  T_CHECK(rows == 20000);
  T_CHECK(textin_line(t) == 20000);
  textin_close(t);
  unlink(p);
}

static void test_cut_field(void)
{
  char rec[] = "a,\"b,\"\"c\"\"\"x,";
  char *p = rec, *end = rec + strlen(rec), *f;
  size_t len;
  int q;
  T_CHECK(textin_cut_field(&p, end, ',', &f, &len, &q) == 1);
  T_STREQ(f, "a");
  T_CHECK(len == 1 && q == 0);
  T_CHECK(textin_cut_field(&p, end, ',', &f, &len, &q) == 1);
  T_STREQ(f, "b,\"c\"x"); /* "" is a quote; text after the closing quote is kept */
  T_CHECK(q == 1);
  T_CHECK(textin_cut_field(&p, end, ',', &f, &len, &q) == 0); /* the trailing separator's empty field */
  T_STREQ(f, "");
  char bad[] = "a\"b,\"c";
  p = bad;
  end = bad + strlen(bad);
  T_CHECK(textin_cut_field(&p, end, ',', &f, &len, &q) == 1);
  T_STREQ(f, "a\"b");
  T_CHECK(textin_cut_field(&p, end, ',', &f, &len, &q) == -1); /* never closes */
}

int main(void)
{
  test_cut_field();
  test_csv_quotes();
  test_unterminated();
  test_utf16();
  test_big();
  return T_DONE();
}
