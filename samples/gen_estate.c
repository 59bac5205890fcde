/* gen_estate.c — nfold-gen-samples, the generator of the bundled sample
 * estate (samples/README.md) that `nfold demo` and the tests run on: an
 * inventory CSV and one perfmon log per server, in the PDH-CSV shape that
 * `relog -f csv` writes, with the phenomena of DESIGN §1 planted in known
 * servers (night backup that is interrupt-bound, a server that pages, a
 * runaway thread, a source that is already a VMware guest, ...).
 *
 * The output must be byte-identical on every machine, because the generated
 * files are committed and tests/e2e/samples_regenerate.sh checks that they
 * still match. So: our own PRNG (splitmix64), no libm, and every value is
 * computed in 64-bit integer fixed point (milli-units) and printed from
 * integers. Each server draws from its own stream, seeded from the estate
 * seed and its name, so a server's log does not change when others are added.
 *
 * Nothing here is part of libnfold; the generator only writes files. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- PRNG */

typedef struct rng {
  uint64_t s;
} rng;

/* splitmix64: the next 64 random bits. */
static uint64_t rng_next(rng *r)
{
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* A uniform integer in [lo, hi]. */
static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
  return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* An approximately normal deviate with mean 0 and standard deviation 1000
 * (Irwin-Hall sum of twelve uniforms: integer-only, hence reproducible). */
static int64_t rng_gauss(rng *r)
{
  int64_t s = 0;
  for (int i = 0; i < 12; i++)
    s += rng_range(r, 0, 999);
  return s - 5994;
}

/* Noise with standard deviation SD (in the caller's unit). */
static int64_t noise(rng *r, int64_t sd)
{
  return sd * rng_gauss(r) / 1000;
}

/* FNV-1a, to give each server its own stream. */
static uint64_t hash_name(const char *s)
{
  uint64_t h = 0xCBF29CE484222325ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001B3ULL;
  }
  return h;
}

/* ------------------------------------------------ languages, time zones */

enum lang { L_EN, L_DE, L_ES, L_RU, L__N };
enum enc { E_UTF8, E_UTF8_BOM, E_UTF16LE, E_CP1251 };

static const enum enc lang_enc[L__N] = {E_UTF8, E_UTF16LE, E_UTF8_BOM, E_CP1251};

/* Header time zones: the name Windows writes in the first cell, in the
 * log's language, and the bias in minutes (local = UTC - bias). */
enum tz { TZ_PST, TZ_WEU, TZ_UTC, TZ_WEU_DE, TZ_WEU_ES, TZ_UTC_RU, TZ__N };
static const struct {
  const char *name;
  int bias;
} tzs[TZ__N] = {
  {"Pacific Standard Time", 480},  {"W. Europe Standard Time", -60},
  {"Coordinated Universal Time", 0}, {"Mitteleuropäische Zeit", -60},
  {"Hora estándar romance", -60},  {"Время в формате UTC", 0},
};

/* Performance objects and counters, by language. */
enum obj { O_PROCESSOR, O_SYSTEM, O_MEMORY, O_DISK, O_NIC, O_PROCESS, O__N };
static const char *const obj_names[O__N][L__N] = {
  {"Processor", "Prozessor", "Procesador", "Процессор"},
  {"System", "System", "Sistema", "Система"},
  {"Memory", "Arbeitsspeicher", "Memoria", "Память"}, /* German: "Speicher" before 2012 */
  {"PhysicalDisk", "Physikalischer Datenträger", "Disco físico", "Физический диск"},
  {"Network Interface", "Netzwerkschnittstelle", "Interfaz de red", "Сетевой интерфейс"},
  {"Process", "Prozess", "Proceso", "Процесс"},
};

enum ctr {
  K_CPU, K_PRIV, K_INTR, K_DPC, K_QUEUE, K_CTX, K_AVAIL, K_COMMIT, K_PAGES, K_NPP,
  K_IOPS, K_DBYTES, K_LAT, K_NET, K_PCPU, K_PWS, K__N
};
static const struct {
  enum obj obj;
  int rate;      /* needs two samples: blank in the first row */
  int decimals;  /* printed precision; values are held in units of 10^-decimals */
  const char *name[L__N];
} ctrs[K__N] = {
  {O_PROCESSOR, 1, 3, {"% Processor Time", "Prozessorzeit (%)", "% de tiempo de procesador",
                       "% загруженности процессора"}},
  {O_PROCESSOR, 1, 3, {"% Privileged Time", "Privilegierte Zeit (%)", "% de tiempo privilegiado",
                       "% работы в привилегированном режиме"}},
  {O_PROCESSOR, 1, 3, {"% Interrupt Time", "Interruptzeit (%)", "% de tiempo de interrupción",
                       "% времени прерываний"}},
  {O_PROCESSOR, 1, 3, {"% DPC Time", "DPC-Zeit (%)", "% de tiempo DPC", "% времени DPC"}},
  {O_SYSTEM, 0, 0, {"Processor Queue Length", "Prozessor-Warteschlangenlänge",
                    "Longitud de la cola del procesador", "Длина очереди процессора"}},
  {O_SYSTEM, 1, 3, {"Context Switches/sec", "Kontextwechsel/s", "Cambios de contexto/s",
                    "Переключений контекста/с"}},
  {O_MEMORY, 0, 0, {"Available MBytes", "Verfügbare MB", "MB disponibles", "Доступно МБ"}},
  {O_MEMORY, 0, 0, {"Committed Bytes", "Zugesicherte Bytes", "Bytes confirmados",
                    "Байт выделенной виртуальной памяти"}},
  {O_MEMORY, 1, 3, {"Pages/sec", "Seiten/s", "Páginas/s", "Обмен страниц/с"}},
  {O_MEMORY, 0, 0, {"Pool Nonpaged Bytes", "Nicht-Auslagerungsseiten (Bytes)",
                    "Bytes de bloque no paginado", "Байт в невыгружаемом страничном пуле"}},
  {O_DISK, 1, 3, {"Disk Transfers/sec", "Übertragungen/s", "Transferencias de disco/s",
                  "Обращений к диску/с"}},
  {O_DISK, 1, 3, {"Disk Bytes/sec", "Bytes/s", "Bytes de disco/s",
                  "Скорость обмена с диском (байт/с)"}},
  /* Seconds: six decimals (microseconds), or 3 ms and 0.4 ms would both be 0.00x. */
  {O_DISK, 1, 6, {"Avg. Disk sec/Transfer", "Mittlere Sek./Übertragung",
                  "Promedio de segundos de disco/transferencia",
                  "Среднее время обращения к диску (с)"}},
  {O_NIC, 1, 3, {"Bytes Total/sec", "Gesamtanzahl Bytes/s", "Total de bytes/s", "Всего байт/с"}},
  {O_PROCESS, 1, 3, {"% Processor Time", "Prozessorzeit (%)", "% de tiempo de procesador",
                     "% загруженности процессора"}},
  {O_PROCESS, 0, 0, {"Working Set", "Arbeitsseiten", "Espacio de trabajo", "Рабочее множество"}},
};

/* ------------------------------------------------------------- estate */

enum special { SP_NONE, SP_PAGING, SP_RUNAWAY, SP_GUEST, SP_REBOOT };

/* One server: its inventory row, its log's language and time zone, and the
 * parameters of its behaviour. CPU figures are milli-% of all processors;
 * "day", "night" (01:00-04:00), "eve" (18:30-21:00) and "bkp" (22:00-03:00)
 * are the amplitudes added at the height of each window, in site-local time. */
struct server {
  const char *name, *inv_name, *site, *role, *os, *arch;
  int sockets, cores, mhz, ram_mb;
  const char *model, *crit, *tags, *owner;
  enum tz tz;
  enum lang lang;
  int cpu_base, cpu_day, cpu_night, cpu_eve, cpu_bkp, cpu_sd;
  int priv_pm, intr_pm, dpc_pm;     /* shares of busy time, per mille */
  int ctx_base, ctx_pct;            /* context switches/s: base, and per % CPU */
  int os_mb, app_mb, app_act_mb;    /* memory in use: OS, application, growth at full activity */
  int npp_mb;                       /* nonpaged pool */
  int iops_base, iops_day, iops_night, iops_bkp, io_kb, lat_us;
  int net_base, net_day, net_night, net_bkp; /* kB/s over all NICs */
  const char *nic[2];
  const char *proc[3];
  int proc_pm[3];                   /* share of the server's busy time */
  int proc_ws_mb[3];
  enum special special;
};

/* Site time zones, in minutes (local = UTC - bias). */
static int site_bias(const char *site)
{
  return strcmp(site, "FRA") == 0 ? -60 : 480;
}

#define HP_NC382 "HP NC382i DP Multifunction Gigabit Server Adapter"
#define BCM5709 "Broadcom BCM5709C NetXtreme II GigE [NDIS VBD Client]"
#define BCM5709_2 "Broadcom BCM5709C NetXtreme II GigE [NDIS VBD Client] _2"
#define X710 "Intel[R] Ethernet Controller X710 for 10GbE SFP+"
#define I350 "Intel[R] Ethernet Server Adapter I350"
#define NC373 "HP NC373i Multifunction Gigabit Server Adapter"
#define VMXNET3 "vmxnet3 Ethernet Adapter"

#define G5_5160 "ProLiant DL380 G5 Xeon 5160"
#define G5_E5345 "ProLiant DL360 G5 Xeon E5345"
#define G7_X5650 "ProLiant DL380 G7 Xeon X5650"
#define R710_X5670 "PowerEdge R710 Xeon X5670"
#define R710_E5620 "PowerEdge R710 Xeon E5620"
#define GEN8_E5 "ProLiant DL380p Gen8 Xeon E5-2670"
#define R630_V3 "PowerEdge R630 Xeon E5-2680 v3"
#define R640_GOLD "PowerEdge R640 Xeon Gold 6130"
#define GEN10_SILVER "ProLiant DL360 Gen10 Xeon Silver 4114"

#define W2003 "Windows Server 2003 R2"
#define W2008 "Windows Server 2008 R2"
#define W2012 "Windows Server 2012 R2"
#define W2016 "Windows Server 2016"
#define W2019 "Windows Server 2019"

static const struct server estate[] = {
  /* ---- site SEA (Seattle, Pacific time) ---- */
  {.name = "SEA-WEB01", .site = "SEA", .role = "web", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2933, .ram_mb = 16384, .model = R710_X5670,
   .crit = "normal", .tags = "domain=corp.example;nlb=WEBFARM1", .owner = "web-team",
   .tz = TZ_PST, .cpu_base = 2500, .cpu_day = 17000, .cpu_sd = 1200,
   .priv_pm = 300, .intr_pm = 40, .dpc_pm = 60, .ctx_base = 2500, .ctx_pct = 450,
   .os_mb = 1400, .app_mb = 2200, .app_act_mb = 2500, .npp_mb = 95,
   .iops_base = 25, .iops_day = 140, .io_kb = 16, .lat_us = 4500,
   .net_base = 300, .net_day = 9000, .nic = {BCM5709},
   .proc = {"w3wp", "w3wp#1"}, .proc_pm = {520, 260}, .proc_ws_mb = {900, 450}},
  {.name = "SEA-WEB02", .site = "SEA", .role = "web", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2933, .ram_mb = 16384, .model = R710_X5670,
   .crit = "normal", .tags = "domain=corp.example;nlb=WEBFARM1", .owner = "web-team",
   .tz = TZ_PST, .cpu_base = 2300, .cpu_day = 16000, .cpu_sd = 1200,
   .priv_pm = 300, .intr_pm = 40, .dpc_pm = 60, .ctx_base = 2400, .ctx_pct = 450,
   .os_mb = 1400, .app_mb = 2000, .app_act_mb = 2400, .npp_mb = 92,
   .iops_base = 25, .iops_day = 130, .io_kb = 16, .lat_us = 4600,
   .net_base = 300, .net_day = 8500, .nic = {BCM5709},
   .proc = {"w3wp"}, .proc_pm = {760}, .proc_ws_mb = {1300}},
  {.name = "SEA-WEB03", .site = "SEA", .role = "web", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 24, .mhz = 2500, .ram_mb = 32768, .model = R630_V3,
   .crit = "high", .tags = "domain=corp.example;service=downloads", .owner = "web-team",
   .tz = TZ_PST, .cpu_base = 2000, .cpu_day = 14000, .cpu_night = 1500, .cpu_sd = 900,
   .priv_pm = 620, .intr_pm = 170, .dpc_pm = 230, .ctx_base = 6000, .ctx_pct = 1400,
   .os_mb = 1800, .app_mb = 3000, .app_act_mb = 3500, .npp_mb = 260,
   .iops_base = 120, .iops_day = 900, .io_kb = 64, .lat_us = 3800,
   .net_base = 4000, .net_day = 105000, .net_night = 8000, .nic = {X710, I350},
   .proc = {"w3wp"}, .proc_pm = {450}, .proc_ws_mb = {2100}},
  {.name = "SEA-SQL01", .site = "SEA", .role = "sql", .os = W2016, .arch = "x64",
   .sockets = 2, .cores = 32, .mhz = 2100, .ram_mb = 131072, .model = R640_GOLD,
   .crit = "high", .tags = "domain=corp.example;cluster=SQLCL01;sql_instance=OLTP",
   .owner = "dba", .tz = TZ_PST, .cpu_base = 3500, .cpu_day = 30000, .cpu_night = 4000,
   .cpu_sd = 1500, .priv_pm = 180, .intr_pm = 25, .dpc_pm = 45, .ctx_base = 9000,
   .ctx_pct = 1300, .os_mb = 4000, .app_mb = 104000, .app_act_mb = 1500, .npp_mb = 310,
   .iops_base = 400, .iops_day = 4200, .iops_night = 1800, .io_kb = 8, .lat_us = 2200,
   .net_base = 600, .net_day = 14000, .net_night = 3000, .nic = {X710, I350},
   .proc = {"sqlservr"}, .proc_pm = {880}, .proc_ws_mb = {102000}},
  {.name = "SEA-SQL02", .site = "SEA", .role = "sql", .os = W2016, .arch = "x64",
   .sockets = 2, .cores = 32, .mhz = 2100, .ram_mb = 131072, .model = R640_GOLD,
   .crit = "high", .tags = "domain=corp.example;cluster=SQLCL01;cluster_role=passive",
   .owner = "dba", .tz = TZ_PST, .cpu_base = 700, .cpu_sd = 150,
   .priv_pm = 450, .intr_pm = 40, .dpc_pm = 70, .ctx_base = 2200, .ctx_pct = 500,
   .os_mb = 3600, .app_mb = 400, .npp_mb = 180,
   .iops_base = 12, .io_kb = 8, .lat_us = 1900,
   .net_base = 90, .nic = {X710, I350}},
  {.name = "SEA-SQL03", .site = "SEA", .role = "sql", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 16, .mhz = 2600, .ram_mb = 65536, .model = GEN8_E5,
   .crit = "normal", .tags = "domain=corp.example;sql_instance=DW", .owner = "dba",
   .tz = TZ_PST, .cpu_base = 2500, .cpu_day = 7000, .cpu_night = 62000, .cpu_sd = 1200,
   .priv_pm = 160, .intr_pm = 30, .dpc_pm = 50, .ctx_base = 5000, .ctx_pct = 700,
   .os_mb = 3000, .app_mb = 52000, .app_act_mb = 2000, .npp_mb = 240,
   .iops_base = 60, .iops_day = 500, .iops_night = 5200, .io_kb = 64, .lat_us = 5200,
   .net_base = 200, .net_day = 2500, .net_night = 22000, .nic = {BCM5709},
   .proc = {"sqlservr"}, .proc_pm = {900}, .proc_ws_mb = {51000}},
  {.name = "SEA-EXCH01", .site = "SEA", .role = "exchange", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2667, .ram_mb = 49152, .model = G7_X5650,
   .crit = "high", .tags = "domain=corp.example;exchange=2010", .owner = "messaging",
   .tz = TZ_PST, .cpu_base = 3000, .cpu_day = 19000, .cpu_night = 3000, .cpu_sd = 1300,
   .priv_pm = 280, .intr_pm = 35, .dpc_pm = 55, .ctx_base = 7000, .ctx_pct = 800,
   .os_mb = 2500, .app_mb = 38000, .app_act_mb = 2000, .npp_mb = 210,
   .iops_base = 180, .iops_day = 1300, .iops_night = 500, .io_kb = 32, .lat_us = 7000,
   .net_base = 500, .net_day = 6500, .net_night = 1200, .nic = {NC373},
   .proc = {"store"}, .proc_pm = {620}, .proc_ws_mb = {36000}},
  {.name = "SEA-DC01", .site = "SEA", .role = "dc", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 8, .mhz = 2333, .ram_mb = 4096, .model = G5_E5345,
   .crit = "high", .tags = "domain=corp.example;fsmo=yes", .owner = "infra",
   .tz = TZ_PST, .cpu_base = 900, .cpu_day = 2200, .cpu_sd = 300,
   .priv_pm = 500, .intr_pm = 60, .dpc_pm = 80, .ctx_base = 1500, .ctx_pct = 500,
   .os_mb = 1100, .app_mb = 500, .app_act_mb = 200, .npp_mb = 60,
   .iops_base = 8, .iops_day = 30, .io_kb = 8, .lat_us = 6000,
   .net_base = 80, .net_day = 700, .nic = {NC373}},
  {.name = "SEA-DC02", .site = "SEA", .role = "dc", .os = W2003, .arch = "x86",
   .sockets = 2, .cores = 4, .mhz = 3000, .ram_mb = 2048, .model = G5_5160,
   .crit = "high", .tags = "domain=corp.example", .owner = "infra",
   .tz = TZ_PST, .cpu_base = 1100, .cpu_day = 2600, .cpu_sd = 350,
   .priv_pm = 520, .intr_pm = 70, .dpc_pm = 90, .ctx_base = 1200, .ctx_pct = 450,
   .os_mb = 600, .app_mb = 350, .app_act_mb = 150, .npp_mb = 38,
   .iops_base = 7, .iops_day = 25, .io_kb = 8, .lat_us = 7500,
   .net_base = 60, .net_day = 600, .nic = {NC373}},
  {.name = "SEA-FILE01", .site = "SEA", .role = "file", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2667, .ram_mb = 24576, .model = G7_X5650,
   .crit = "normal", .tags = "domain=corp.example;shares=home+dept", .owner = "storage",
   .tz = TZ_PST, .cpu_base = 3000, .cpu_day = 21000, .cpu_bkp = 6000, .cpu_sd = 1100,
   .priv_pm = 860, .intr_pm = 120, .dpc_pm = 170, .ctx_base = 5000, .ctx_pct = 1100,
   .os_mb = 2200, .app_mb = 900, .app_act_mb = 9000, .npp_mb = 1150,
   .iops_base = 90, .iops_day = 1600, .iops_bkp = 900, .io_kb = 48, .lat_us = 6500,
   .net_base = 400, .net_day = 42000, .net_bkp = 30000, .nic = {BCM5709, BCM5709_2}},
  {.name = "SEA-FILE02", .site = "SEA", .role = "file", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 8, .mhz = 2400, .ram_mb = 8192, .model = R710_E5620,
   .crit = "normal", .tags = "domain=corp.example;shares=projects", .owner = "storage",
   .tz = TZ_PST, .cpu_base = 1200, .cpu_day = 6000, .cpu_bkp = 2500, .cpu_sd = 500,
   .priv_pm = 700, .intr_pm = 90, .dpc_pm = 130, .ctx_base = 2500, .ctx_pct = 700,
   .os_mb = 1300, .app_mb = 300, .app_act_mb = 3500, .npp_mb = 240,
   .iops_base = 30, .iops_day = 420, .iops_bkp = 380, .io_kb = 32, .lat_us = 7800,
   .net_base = 150, .net_day = 9000, .net_bkp = 11000, .nic = {BCM5709},
   .special = SP_REBOOT},
  {.name = "SEA-BKP01", .site = "SEA", .role = "backup", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 4, .mhz = 3000, .ram_mb = 8192, .model = G5_5160,
   .crit = "normal", .tags = "domain=corp.example;backup=netbackup", .owner = "storage",
   .tz = TZ_PST, .cpu_base = 1200, .cpu_day = 1500, .cpu_bkp = 27000, .cpu_sd = 400,
   .priv_pm = 820, .intr_pm = 340, .dpc_pm = 390, .ctx_base = 1800, .ctx_pct = 900,
   .os_mb = 1200, .app_mb = 700, .app_act_mb = 1800, .npp_mb = 420,
   .iops_base = 15, .iops_day = 40, .iops_bkp = 2600, .io_kb = 128, .lat_us = 9000,
   .net_base = 100, .net_day = 600, .net_bkp = 112000, .nic = {HP_NC382, NC373},
   .proc = {"bpbkar32"}, .proc_pm = {150}, .proc_ws_mb = {160}},
  {.name = "SEA-APP01", .site = "SEA", .role = "app", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2933, .ram_mb = 32768, .model = R710_X5670,
   .crit = "high", .tags = "domain=corp.example;app=ERP", .owner = "erp",
   .tz = TZ_PST, .cpu_base = 4000, .cpu_day = 52000, .cpu_sd = 2500,
   .priv_pm = 170, .intr_pm = 20, .dpc_pm = 35, .ctx_base = 4000, .ctx_pct = 900,
   .os_mb = 1800, .app_mb = 9000, .app_act_mb = 9000, .npp_mb = 130,
   .iops_base = 40, .iops_day = 520, .io_kb = 16, .lat_us = 5000,
   .net_base = 250, .net_day = 7000, .nic = {BCM5709},
   .proc = {"erpsrv"}, .proc_pm = {820}, .proc_ws_mb = {12000}},
  {.name = "SEA-APP02", .site = "SEA", .role = "app", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 8, .mhz = 2400, .ram_mb = 16384, .model = R710_E5620,
   .crit = "normal", .tags = "domain=corp.example;app=billing", .owner = "finance",
   .tz = TZ_PST, .cpu_base = 1500, .cpu_day = 3500, .cpu_night = 71000, .cpu_sd = 800,
   .priv_pm = 150, .intr_pm = 20, .dpc_pm = 30, .ctx_base = 1500, .ctx_pct = 450,
   .os_mb = 1500, .app_mb = 2000, .app_act_mb = 7500, .npp_mb = 90,
   .iops_base = 15, .iops_day = 40, .iops_night = 850, .io_kb = 32, .lat_us = 6000,
   .net_base = 60, .net_day = 400, .net_night = 6000, .nic = {BCM5709},
   .proc = {"billrun"}, .proc_pm = {900}, .proc_ws_mb = {4800}},
  {.name = "SEA-APP03", .site = "SEA", .role = "app", .os = W2003, .arch = "x86",
   .sockets = 2, .cores = 4, .mhz = 3000, .ram_mb = 4096, .model = G5_5160,
   .crit = "normal", .tags = "domain=corp.example;app=claims", .owner = "claims",
   .tz = TZ_PST, .cpu_base = 2500, .cpu_day = 36000, .cpu_sd = 1800,
   .priv_pm = 380, .intr_pm = 45, .dpc_pm = 60, .ctx_base = 1800, .ctx_pct = 600,
   .os_mb = 700, .app_mb = 1700, .app_act_mb = 2350, .npp_mb = 55,
   .iops_base = 20, .iops_day = 150, .io_kb = 16, .lat_us = 8000,
   .net_base = 80, .net_day = 1800, .nic = {NC373},
   .proc = {"claimsvc"}, .proc_pm = {700}, .proc_ws_mb = {1500},
   .special = SP_PAGING},
  {.name = "SEA-APP04", .site = "SEA", .role = "app", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 4, .mhz = 3000, .ram_mb = 8192, .model = G5_5160,
   .crit = "normal", .tags = "domain=corp.example;app=reporting", .owner = "bi",
   .tz = TZ_PST, .cpu_base = 1500, .cpu_day = 9000, .cpu_sd = 700,
   .priv_pm = 220, .intr_pm = 30, .dpc_pm = 45, .ctx_base = 1400, .ctx_pct = 400,
   .os_mb = 1300, .app_mb = 1500, .app_act_mb = 1200, .npp_mb = 70,
   .iops_base = 12, .iops_day = 90, .io_kb = 16, .lat_us = 7000,
   .net_base = 50, .net_day = 1100, .nic = {NC373},
   .proc = {"ReportSvc"}, .proc_pm = {600}, .proc_ws_mb = {900},
   .special = SP_RUNAWAY},
  {.name = "SEA-APP05", .site = "SEA", .role = "app", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 16, .mhz = 2600, .ram_mb = 32768, .model = GEN8_E5,
   .crit = "normal", .tags = "domain=corp.example;app=warehouse", .owner = "logistics",
   .tz = TZ_PST, .cpu_base = 2000, .cpu_day = 6000, .cpu_eve = 44000, .cpu_sd = 900,
   .priv_pm = 200, .intr_pm = 25, .dpc_pm = 40, .ctx_base = 2500, .ctx_pct = 600,
   .os_mb = 2000, .app_mb = 4000, .app_act_mb = 9000, .npp_mb = 150,
   .iops_base = 30, .iops_day = 160, .iops_night = 0, .io_kb = 32, .lat_us = 4200,
   .net_base = 100, .net_day = 1500, .nic = {BCM5709},
   .proc = {"wmsbatch"}, .proc_pm = {800}, .proc_ws_mb = {6000}},
  {.name = "SEA-APP06", .site = "SEA", .role = "app", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 2, .mhz = 2600, .ram_mb = 8192, .model = "VMware Virtual Platform",
   .crit = "low", .tags = "domain=corp.example;app=intranet-search;vcenter=sea-vc01",
   .owner = "web-team", .tz = TZ_PST, .cpu_base = 3000, .cpu_day = 16000, .cpu_sd = 2600,
   .priv_pm = 330, .intr_pm = 60, .dpc_pm = 80, .ctx_base = 1200, .ctx_pct = 300,
   .os_mb = 1400, .app_mb = 1600, .app_act_mb = 1500, .npp_mb = 65,
   .iops_base = 15, .iops_day = 120, .io_kb = 16, .lat_us = 3500,
   .net_base = 60, .net_day = 1500, .nic = {VMXNET3},
   .proc = {"vmtoolsd", "searchsvc"}, .proc_pm = {8, 700}, .proc_ws_mb = {22, 1800},
   .special = SP_GUEST},
  {.name = "SEA-CTX01", .site = "SEA", .role = "terminal", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 16, .mhz = 2600, .ram_mb = 65536, .model = GEN8_E5,
   .crit = "normal", .tags = "domain=corp.example;rds=yes", .owner = "workplace",
   .tz = TZ_PST, .cpu_base = 1800, .cpu_day = 38000, .cpu_sd = 2000,
   .priv_pm = 350, .intr_pm = 40, .dpc_pm = 55, .ctx_base = 6000, .ctx_pct = 1500,
   .os_mb = 2500, .app_mb = 3000, .app_act_mb = 34000, .npp_mb = 180,
   .iops_base = 40, .iops_day = 600, .io_kb = 16, .lat_us = 4800,
   .net_base = 120, .net_day = 6000, .nic = {BCM5709}},
  {.name = "SEA-PRT01", .site = "SEA", .role = "print", .os = W2003, .arch = "x86",
   .sockets = 2, .cores = 8, .mhz = 2333, .ram_mb = 2048, .model = G5_E5345,
   .crit = "low", .tags = "domain=corp.example", .owner = "workplace",
   .tz = TZ_PST, .cpu_base = 500, .cpu_day = 1500, .cpu_sd = 250,
   .priv_pm = 420, .intr_pm = 50, .dpc_pm = 70, .ctx_base = 700, .ctx_pct = 300,
   .os_mb = 550, .app_mb = 250, .app_act_mb = 150, .npp_mb = 30,
   .iops_base = 4, .iops_day = 30, .io_kb = 32, .lat_us = 8500,
   .net_base = 20, .net_day = 500, .nic = {NC373}},
  {.name = "SEA-MON01", .site = "SEA", .role = "app", .os = W2019, .arch = "x64",
   .sockets = 2, .cores = 20, .mhz = 2200, .ram_mb = 16384, .model = GEN10_SILVER,
   .crit = "normal", .tags = "domain=corp.example;app=monitoring", .owner = "infra",
   .tz = TZ_UTC, .cpu_base = 4200, .cpu_day = 800, .cpu_sd = 500,
   .priv_pm = 300, .intr_pm = 30, .dpc_pm = 50, .ctx_base = 3500, .ctx_pct = 600,
   .os_mb = 2200, .app_mb = 5200, .app_act_mb = 300, .npp_mb = 140,
   .iops_base = 140, .iops_day = 20, .io_kb = 8, .lat_us = 900,
   .net_base = 400, .net_day = 100, .nic = {I350}},
  {.name = "SEA-LIC01", .site = "SEA", .role = "app", .os = W2003, .arch = "x86",
   .sockets = 2, .cores = 2, .mhz = 3200, .ram_mb = 2048, .model = "PowerEdge 2850 Xeon 3.2GHz",
   .crit = "low", .tags = "domain=corp.example;app=flexlm", .owner = "engineering",
   .tz = TZ_PST, .cpu_base = 700, .cpu_day = 900, .cpu_sd = 200,
   .priv_pm = 400, .intr_pm = 60, .dpc_pm = 70, .ctx_base = 500, .ctx_pct = 250,
   .os_mb = 500, .app_mb = 120, .app_act_mb = 40, .npp_mb = 24,
   .iops_base = 3, .iops_day = 5, .io_kb = 8, .lat_us = 9500,
   .net_base = 10, .net_day = 40, .nic = {"Intel[R] PRO_1000 MT Server Adapter"}},
  {.name = "SEA-SP01", .site = "SEA", .role = "web", .os = W2016, .arch = "x64",
   .sockets = 2, .cores = 32, .mhz = 2100, .ram_mb = 32768, .model = R640_GOLD,
   .crit = "normal", .tags = "domain=corp.example;app=sharepoint", .owner = "workplace",
   .tz = TZ_PST, .cpu_base = 1800, .cpu_day = 9000, .cpu_night = 2500, .cpu_sd = 700,
   .priv_pm = 260, .intr_pm = 30, .dpc_pm = 45, .ctx_base = 4500, .ctx_pct = 800,
   .os_mb = 2600, .app_mb = 9000, .app_act_mb = 5000, .npp_mb = 170,
   .iops_base = 50, .iops_day = 300, .iops_night = 200, .io_kb = 32, .lat_us = 1500,
   .net_base = 150, .net_day = 4500, .nic = {X710},
   .proc = {"w3wp", "OWSTIMER"}, .proc_pm = {600, 90}, .proc_ws_mb = {6500, 700}},

  /* ---- site FRA (Frankfurt, Central European time) ---- */
  {.name = "FRA-DC01", .site = "FRA", .role = "dc", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2500, .ram_mb = 8192, .model = "PowerEdge R620 Xeon E5-2640",
   .crit = "high", .tags = "domain=eu.example;fsmo=yes", .owner = "infra",
   .tz = TZ_WEU, .cpu_base = 700, .cpu_day = 2000, .cpu_sd = 250,
   .priv_pm = 500, .intr_pm = 60, .dpc_pm = 80, .ctx_base = 1600, .ctx_pct = 450,
   .os_mb = 1500, .app_mb = 700, .app_act_mb = 200, .npp_mb = 75,
   .iops_base = 8, .iops_day = 30, .io_kb = 8, .lat_us = 3000,
   .net_base = 70, .net_day = 600, .nic = {I350}},
  {.name = "FRA-DC02", .site = "FRA", .role = "dc", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 8, .mhz = 2333, .ram_mb = 4096, .model = G5_E5345,
   .crit = "high", .tags = "domain=eu.example", .owner = "infra",
   .tz = TZ_WEU, .cpu_base = 900, .cpu_day = 2300, .cpu_sd = 300,
   .priv_pm = 510, .intr_pm = 65, .dpc_pm = 85, .ctx_base = 1400, .ctx_pct = 450,
   .os_mb = 1100, .app_mb = 450, .app_act_mb = 200, .npp_mb = 58,
   .iops_base = 7, .iops_day = 28, .io_kb = 8, .lat_us = 6500,
   .net_base = 60, .net_day = 550, .nic = {NC373}},
  {.name = "FRA-WEB01", .site = "FRA", .role = "web", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2933, .ram_mb = 16384, .model = R710_X5670,
   .crit = "normal", .tags = "domain=eu.example;app=intranet", .owner = "web-team",
   .tz = TZ_WEU, .cpu_base = 1800, .cpu_day = 11000, .cpu_sd = 900,
   .priv_pm = 310, .intr_pm = 40, .dpc_pm = 60, .ctx_base = 2000, .ctx_pct = 450,
   .os_mb = 1400, .app_mb = 1500, .app_act_mb = 2000, .npp_mb = 88,
   .iops_base = 20, .iops_day = 110, .io_kb = 16, .lat_us = 4700,
   .net_base = 200, .net_day = 5500, .nic = {BCM5709},
   .proc = {"w3wp"}, .proc_pm = {740}, .proc_ws_mb = {1100}},
  {.name = "FRA-WEB02", .inv_name = "fra-web02.eu.example", .site = "FRA", .role = "web",
   .os = W2019, .arch = "x64", .sockets = 2, .cores = 32, .mhz = 2100, .ram_mb = 32768,
   .model = R640_GOLD, .crit = "normal", .tags = "domain=eu.example;app=shop",
   .owner = "ecommerce", .tz = TZ_UTC, .cpu_base = 1500, .cpu_day = 12000, .cpu_eve = 5000,
   .cpu_sd = 900, .priv_pm = 280, .intr_pm = 35, .dpc_pm = 55, .ctx_base = 3000,
   .ctx_pct = 700, .os_mb = 2400, .app_mb = 3500, .app_act_mb = 3500, .npp_mb = 160,
   .iops_base = 40, .iops_day = 260, .io_kb = 16, .lat_us = 700,
   .net_base = 500, .net_day = 14000, .nic = {X710},
   .proc = {"w3wp"}, .proc_pm = {780}, .proc_ws_mb = {2600}},
  {.name = "FRA-SQL01", .site = "FRA", .role = "sql", .os = W2016, .arch = "x64",
   .sockets = 2, .cores = 32, .mhz = 2100, .ram_mb = 98304, .model = R640_GOLD,
   .crit = "high", .tags = "domain=eu.example;sql_instance=SHOP", .owner = "dba",
   .tz = TZ_WEU_DE, .lang = L_DE, .cpu_base = 3000, .cpu_day = 24000, .cpu_night = 3000,
   .cpu_sd = 1300, .priv_pm = 190, .intr_pm = 25, .dpc_pm = 45, .ctx_base = 8000,
   .ctx_pct = 1200, .os_mb = 3500, .app_mb = 80000, .app_act_mb = 1000, .npp_mb = 280,
   .iops_base = 300, .iops_day = 3100, .iops_night = 900, .io_kb = 8, .lat_us = 1800,
   .net_base = 500, .net_day = 11000, .net_night = 2000, .nic = {X710},
   .proc = {"sqlservr"}, .proc_pm = {870}, .proc_ws_mb = {78500}},
  {.name = "FRA-SQL02", .site = "FRA", .role = "sql", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2667, .ram_mb = 32768, .model = G7_X5650,
   .crit = "normal", .tags = "domain=eu.example;sql_instance=REPORTS", .owner = "dba",
   .tz = TZ_WEU, .cpu_base = 1500, .cpu_day = 8000, .cpu_night = 5000, .cpu_sd = 700,
   .priv_pm = 170, .intr_pm = 25, .dpc_pm = 40, .ctx_base = 3000, .ctx_pct = 700,
   .os_mb = 2200, .app_mb = 24000, .app_act_mb = 800, .npp_mb = 150,
   .iops_base = 60, .iops_day = 700, .iops_night = 600, .io_kb = 64, .lat_us = 6500,
   .net_base = 120, .net_day = 2500, .net_night = 1500, .nic = {BCM5709},
   .proc = {"sqlservr"}, .proc_pm = {850}, .proc_ws_mb = {23500}},
  {.name = "FRA-EXCH01", .site = "FRA", .role = "exchange", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 12, .mhz = 2933, .ram_mb = 49152, .model = R710_X5670,
   .crit = "high", .tags = "domain=eu.example;exchange=2010", .owner = "messaging",
   .tz = TZ_WEU, .cpu_base = 2500, .cpu_day = 15000, .cpu_night = 2500, .cpu_sd = 1100,
   .priv_pm = 290, .intr_pm = 35, .dpc_pm = 55, .ctx_base = 6000, .ctx_pct = 800,
   .os_mb = 2500, .app_mb = 37000, .app_act_mb = 2500, .npp_mb = 200,
   .iops_base = 150, .iops_day = 1000, .iops_night = 400, .io_kb = 32, .lat_us = 7400,
   .net_base = 400, .net_day = 5000, .net_night = 900, .nic = {BCM5709},
   .proc = {"store"}, .proc_pm = {600}, .proc_ws_mb = {35000}},
  {.name = "FRA-FILE01", .site = "FRA", .role = "file", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 16, .mhz = 2600, .ram_mb = 16384, .model = GEN8_E5,
   .crit = "normal", .tags = "domain=eu.example;shares=home+dept", .owner = "storage",
   .tz = TZ_WEU, .cpu_base = 1200, .cpu_day = 7000, .cpu_bkp = 3000, .cpu_sd = 500,
   .priv_pm = 640, .intr_pm = 80, .dpc_pm = 120, .ctx_base = 3000, .ctx_pct = 700,
   .os_mb = 1800, .app_mb = 400, .app_act_mb = 6000, .npp_mb = 380,
   .iops_base = 40, .iops_day = 650, .iops_bkp = 500, .io_kb = 48, .lat_us = 5500,
   .net_base = 200, .net_day = 16000, .net_bkp = 14000, .nic = {BCM5709}},
  {.name = "FRA-APP01", .site = "FRA", .role = "app", .os = W2012, .arch = "x64",
   .sockets = 2, .cores = 24, .mhz = 2500, .ram_mb = 32768, .model = R630_V3,
   .crit = "normal", .tags = "domain=eu.example;app=crm", .owner = "sales-emea",
   .tz = TZ_WEU_ES, .lang = L_ES, .cpu_base = 2200, .cpu_day = 21000, .cpu_sd = 1300,
   .priv_pm = 210, .intr_pm = 25, .dpc_pm = 40, .ctx_base = 3500, .ctx_pct = 800,
   .os_mb = 2000, .app_mb = 6000, .app_act_mb = 6000, .npp_mb = 140,
   .iops_base = 35, .iops_day = 380, .io_kb = 16, .lat_us = 3900,
   .net_base = 150, .net_day = 5000, .nic = {I350},
   .proc = {"w3wp"}, .proc_pm = {650}, .proc_ws_mb = {3200}},
  {.name = "FRA-APP02", .site = "FRA", .role = "app", .os = W2008, .arch = "x64",
   .sockets = 2, .cores = 8, .mhz = 2400, .ram_mb = 16384, .model = R710_E5620,
   .crit = "normal", .tags = "domain=eu.example;app=payroll", .owner = "hr-emea",
   .tz = TZ_UTC_RU, .lang = L_RU, .cpu_base = 1300, .cpu_day = 4000, .cpu_night = 64000,
   .cpu_sd = 700, .priv_pm = 160, .intr_pm = 20, .dpc_pm = 30, .ctx_base = 1500,
   .ctx_pct = 450, .os_mb = 1500, .app_mb = 1800, .app_act_mb = 6500, .npp_mb = 85,
   .iops_base = 15, .iops_day = 60, .iops_night = 700, .io_kb = 32, .lat_us = 6200,
   .net_base = 50, .net_day = 500, .net_night = 4000, .nic = {BCM5709},
   .proc = {"payrun"}, .proc_pm = {880}, .proc_ws_mb = {4200}},
  {.name = "FRA-APP03", .inv_name = "fra-app03.eu.example", .site = "FRA", .role = "app",
   .os = W2019, .arch = "x64", .sockets = 2, .cores = 20, .mhz = 2200, .ram_mb = 16384,
   .model = GEN10_SILVER, .crit = "low", .tags = "domain=eu.example;app=wiki",
   .owner = "engineering", .tz = TZ_UTC, .cpu_base = 800, .cpu_day = 2500, .cpu_sd = 300,
   .priv_pm = 300, .intr_pm = 35, .dpc_pm = 50, .ctx_base = 1500, .ctx_pct = 400,
   .os_mb = 2000, .app_mb = 1500, .app_act_mb = 800, .npp_mb = 110,
   .iops_base = 10, .iops_day = 50, .io_kb = 16, .lat_us = 650,
   .net_base = 40, .net_day = 700, .nic = {I350}},
  {.name = "FRA-PRT01", .site = "FRA", .role = "print", .os = W2003, .arch = "x86",
   .sockets = 2, .cores = 4, .mhz = 3000, .ram_mb = 2048, .model = G5_5160,
   .crit = "low", .tags = "domain=eu.example", .owner = "workplace",
   .tz = TZ_WEU, .cpu_base = 500, .cpu_day = 1800, .cpu_sd = 250,
   .priv_pm = 430, .intr_pm = 50, .dpc_pm = 70, .ctx_base = 700, .ctx_pct = 300,
   .os_mb = 560, .app_mb = 230, .app_act_mb = 160, .npp_mb = 32,
   .iops_base = 4, .iops_day = 35, .io_kb = 32, .lat_us = 8800,
   .net_base = 20, .net_day = 550, .nic = {NC373}},
  {.name = "FRA-FAX01", .site = "FRA", .role = "app", .os = W2003, .arch = "x86",
   .sockets = 2, .cores = 8, .mhz = 2333, .ram_mb = 2048, .model = G5_E5345,
   .crit = "low", .tags = "domain=eu.example;app=fax", .owner = "workplace",
   .tz = TZ_WEU, .cpu_base = 400, .cpu_day = 700, .cpu_sd = 150,
   .priv_pm = 400, .intr_pm = 50, .dpc_pm = 60, .ctx_base = 600, .ctx_pct = 250,
   .os_mb = 520, .app_mb = 180, .app_act_mb = 60, .npp_mb = 28,
   .iops_base = 3, .iops_day = 10, .io_kb = 16, .lat_us = 9000,
   .net_base = 10, .net_day = 80, .nic = {NC373}},
};
#define NESTATE ((int)(sizeof estate / sizeof estate[0]))

/* Monday 2020-01-13 00:00 in Seattle (08:00 UTC): a winter week, so no
 * daylight-saving change at either site. Every log covers the same UTC week. */
#define T0_UTC 1578902400LL

/* ------------------------------------------------------- day shapes */

/* Weekday business-hours curve, per mille of the daily peak, on the hour. */
static const int business_hours[25] = {
  30, 25, 20, 20, 20, 30, 80, 250, 650, 900, 1000, 950, 750,
  850, 950, 900, 780, 550, 300, 170, 110, 80, 60, 40, 30,
};

/* Business activity at minute M of a day that is weekday WD (0 = Monday). */
static int64_t business(int m, int wd)
{
  int h = m / 60, f = m % 60;
  int64_t v = (business_hours[h] * (60 - f) + business_hours[h + 1] * f) / 60;
  if (wd == 5)
    v = v * 220 / 1000;
  else if (wd == 6)
    v = v * 140 / 1000;
  return v;
}

/* 1000 inside [FROM, TO) minutes of the day with 15-minute ramps, else 0. */
static int64_t window(int m, int from, int to)
{
  if (m < from || m >= to)
    return 0;
  int64_t up = (int64_t)(m - from + 5) * 1000 / 15, down = (int64_t)(to - m) * 1000 / 15;
  int64_t v = up < down ? up : down;
  return v > 1000 ? 1000 : v;
}

/* Backup activity: 22:00-03:00 every night, full backups on Friday night
 * (on until 05:00, at full strength), incrementals at 65 % otherwise. */
static int64_t backup(int m, int wd)
{
  int start_wd = m >= 1320 ? wd : (wd + 6) % 7;
  int full = start_wd == 4;
  int64_t v;
  if (m >= 1320)
    v = window(m, 1320, 1440 + 15);
  else
    v = window(m + 1440, 1320, 1440 + (full ? 300 : 180));
  return full ? v : v * 650 / 1000;
}

/* ------------------------------------------------------ output buffer */

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

/* Appends N bytes to B. */
static void bput(buf *b, const char *s, size_t n)
{
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->p = realloc(b->p, b->cap);
    if (!b->p) {
      fprintf(stderr, "nfold-gen-samples: out of memory (%zu bytes)\n", b->cap);
      exit(70);
    }
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void bputs(buf *b, const char *s)
{
  bput(b, s, strlen(s));
}

/* Appends V, held in units of 10^-DEC, as a decimal without trailing zeros. */
static void bnum(buf *b, int64_t v, int dec)
{
  char tmp[48];
  int64_t scale = 1;
  for (int i = 0; i < dec; i++)
    scale *= 10;
  if (v < 0)
    v = 0;
  int n = snprintf(tmp, sizeof tmp, "%lld", (long long)(v / scale));
  int64_t frac = v % scale;
  if (frac) {
    /* Digits by hand: DEC is at most 6, and no format width to reason about. */
    char f[8];
    int k = dec < 7 ? dec : 7;
    f[k] = 0;
    for (int i = k - 1; i >= 0; i--, frac /= 10)
      f[i] = (char)('0' + frac % 10);
    while (k > 0 && f[k - 1] == '0')
      f[--k] = 0;
    snprintf(tmp + n, sizeof tmp - (size_t)n, ".%s", f);
  }
  bputs(b, tmp);
}

/* Writes UTF-8 text S to F in encoding E; exits on a character the
 * encoding cannot hold (a bug in the tables above). */
static void write_enc(FILE *f, const char *s, size_t n, enum enc e)
{
  if (e == E_UTF8 || e == E_UTF8_BOM) {
    fwrite(s, 1, n, f);
    return;
  }
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    uint32_t c;
    if (*p < 0x80)
      c = *p++;
    else if ((*p & 0xE0) == 0xC0 && p + 1 < end) {
      c = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
      p += 2;
    } else if ((*p & 0xF0) == 0xE0 && p + 2 < end) {
      c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
      p += 3;
    } else {
      fprintf(stderr, "nfold-gen-samples: text outside the Basic Multilingual Plane\n");
      exit(70);
    }
    if (e == E_UTF16LE) {
      putc((int)(c & 0xFF), f);
      putc((int)(c >> 8), f);
      continue;
    }
    int out;
    if (c < 0x80)
      out = (int)c;
    else if (c >= 0x410 && c <= 0x44F)
      out = (int)(c - 0x410 + 0xC0);
    else if (c == 0x401)
      out = 0xA8;
    else if (c == 0x451)
      out = 0xB8;
    else {
      fprintf(stderr, "nfold-gen-samples: U+%04X has no Windows-1251 byte\n", (unsigned)c);
      exit(70);
    }
    putc(out, f);
  }
}

/* ------------------------------------------------------------ the log */

struct col {
  enum ctr k;
  const char *inst;  /* instance name, or NULL */
  int idx;           /* NIC or process index */
};

/* Gregorian date of day D since 1970-01-01 (Howard Hinnant's algorithm). */
static void civil(int64_t d, int *y, int *mo, int *da)
{
  d += 719468;
  int64_t era = (d >= 0 ? d : d - 146096) / 146097;
  int64_t doe = d - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *da = (int)(doy - (153 * mp + 2) / 5 + 1);
  *mo = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*mo <= 2));
}

/* Day index and minute of day of Unix time T in a zone with bias BIAS. */
static void local_time(int64_t t, int bias, int64_t *day, int *min_of_day, int *sec)
{
  int64_t l = t - (int64_t)bias * 60;
  int64_t d = l >= 0 ? l / 86400 : (l - 86399) / 86400;
  int64_t s = l - d * 86400;
  *day = d;
  *min_of_day = (int)(s / 60);
  *sec = (int)(s % 60);
}

/* Mondays are 0: 1970-01-01 was a Thursday. */
static int weekday(int64_t day)
{
  return (int)(((day % 7) + 7 + 3) % 7);
}

/* Appends the quoted counter path of column C to B. */
static void put_path(buf *b, const struct server *s, const struct col *c)
{
  char tmp[512];
  const char *obj = obj_names[ctrs[c->k].obj][s->lang];
  if (c->inst)
    snprintf(tmp, sizeof tmp, ",\"\\\\%s\\%s(%s)\\%s\"", s->name, obj, c->inst,
             ctrs[c->k].name[s->lang]);
  else
    snprintf(tmp, sizeof tmp, ",\"\\\\%s\\%s\\%s\"", s->name, obj, ctrs[c->k].name[s->lang]);
  bputs(b, tmp);
}

/* The values of one row, per metric, in their printed units. */
struct row {
  int64_t cpu, priv, intr, dpc, queue, ctx, avail, commit, pages, npp, iops, dbytes, lat;
  int64_t net[2], pcpu[3], pws[3];
};

/* Per-server state carried from row to row. */
struct state {
  rng r;
  int64_t wobble;     /* slowly varying load factor, per mille around 0 */
  int spike_left;
  int64_t spike;
  int64_t npp_drift;  /* nonpaged pool growth, bytes */
  int64_t day_f[64];  /* per-day load factor, per mille, by day of the log */
  int after_reboot;
};

#define MB 1048576LL

/* Fills R for the sample at UTC time T of server S. */
static void model_row(const struct server *s, struct state *st, int64_t t, int64_t first_day,
                      struct row *r)
{
  int64_t day;
  int m, sec;
  local_time(t, site_bias(s->site), &day, &m, &sec);
  int wd = weekday(day);
  int64_t di = day - first_day;
  int64_t dayf = st->day_f[di < 0 ? 0 : di > 63 ? 63 : di];

  st->wobble = (st->wobble * 9 + rng_gauss(&st->r) * 150 / 1000) / 10;
  int64_t d = business(m, wd) * dayf / 1000 * (1000 + st->wobble) / 1000;
  int64_t n = window(m, 60, 240) * dayf / 1000;
  int64_t e = wd < 5 ? window(m, 1110, 1260) : 0;
  int64_t b = backup(m, wd);

  int64_t act = 0;
  if ((s->cpu_day || s->iops_day || s->net_day) && d > act)
    act = d;
  if ((s->cpu_night || s->iops_night) && n > act)
    act = n;
  if (s->cpu_eve && e > act)
    act = e;
  if ((s->cpu_bkp || s->iops_bkp) && b > act)
    act = b;

  /* CPU, milli-% of all processors. */
  int64_t cpu = s->cpu_base + s->cpu_day * d / 1000 + s->cpu_night * n / 1000 +
                s->cpu_eve * e / 1000 + s->cpu_bkp * b / 1000 +
                noise(&st->r, s->cpu_sd * (250 + act * 3 / 4) / 1000); /* quieter when idle */
  if (cpu < 80)
    cpu = 80 + rng_range(&st->r, 0, 120);
  /* Occasional spikes (a scan, a report, a login storm): user-mode time,
   * so they raise % Processor Time but not the privileged shares below. */
  int64_t spike = 0;
  if (st->spike_left > 0) {
    st->spike_left--;
    spike = st->spike;
  } else if (rng_range(&st->r, 0, 999) < 3) {
    st->spike_left = (int)rng_range(&st->r, 0, 2);
    st->spike = rng_range(&st->r, 12000, 40000);
    spike = st->spike;
  }

  int runaway = 0;
  if (s->special == SP_RUNAWAY) {
    /* One thread spins on one core from Wednesday 10:40 to Thursday 03:10. */
    int mw = wd * 1440 + m;
    runaway = mw >= 2 * 1440 + 640 && mw < 3 * 1440 + 190;
    if (runaway)
      cpu = 100000 / s->cores + cpu * (s->cores - 1) / s->cores;
  }

  int64_t priv = cpu * s->priv_pm / 1000 + noise(&st->r, cpu * 40 / 1000);
  int64_t intr = cpu * s->intr_pm / 1000 * (1000 + noise(&st->r, 100)) / 1000;
  int64_t dpc = cpu * s->dpc_pm / 1000 * (1000 + noise(&st->r, 100)) / 1000;
  if (runaway)
    priv = (cpu - 100000 / s->cores) * s->priv_pm / 1000 + 400;
  if (intr < 0)
    intr = 0;
  if (dpc < 0)
    dpc = 0;
  if (priv < intr + dpc)
    priv = intr + dpc + rng_range(&st->r, 0, 200);
  if (priv > cpu)
    priv = cpu;
  if (intr + dpc > priv) {
    intr = priv * s->intr_pm / (s->intr_pm + s->dpc_pm + 1);
    dpc = priv - intr;
  }
  cpu += spike;
  if (cpu > 100000)
    cpu = 100000 - rng_range(&st->r, 0, 400);
  if (priv > cpu)
    priv = cpu;
  if (intr + dpc > priv) {
    intr = priv * s->intr_pm / (s->intr_pm + s->dpc_pm + 1);
    dpc = priv - intr;
  }
  r->cpu = cpu;
  r->priv = priv;
  r->intr = intr;
  r->dpc = dpc;

  /* Queue: about 0.5 ready threads per busy core, more past 80 %. */
  int64_t lam = cpu * s->cores * 50 / 100000;
  if (cpu > 80000)
    lam += (cpu - 80000) * s->cores / 10000;
  r->queue = (lam + rng_range(&st->r, 0, 999)) / 1000 + (runaway && rng_range(&st->r, 0, 2) == 0);

  r->ctx = ((int64_t)s->ctx_base * 1000 + (int64_t)s->ctx_pct * cpu) *
           (1000 + noise(&st->r, 70)) / 1000;

  /* Memory. */
  int64_t used = s->os_mb + s->app_mb + (int64_t)s->app_act_mb * act / 1000 +
                 noise(&st->r, s->ram_mb / 300 + 8);
  int64_t pages = (3000 + (int64_t)s->iops_day * 20 * act / 1000) * (1000 + noise(&st->r, 300)) /
                  1000;
  if (s->special == SP_PAGING && used > s->ram_mb - 60) {
    int64_t over = used - (s->ram_mb - 60);
    r->avail = 6 + rng_range(&st->r, 0, 30);
    pages = (250 + over * 4) * 1000 * (1000 + noise(&st->r, 120)) / 1000;
  } else {
    r->avail = s->ram_mb - used;
    if (r->avail < 40)
      r->avail = 40 + rng_range(&st->r, 0, 20);
  }
  if (pages < 0)
    pages = 0;
  r->pages = pages;
  int64_t pf = s->special == SP_PAGING ? 1200 : s->ram_mb / 20;
  r->commit = (used + pf) * MB + rng_range(&st->r, 0, 4095) * 4096;
  st->npp_drift += rng_range(&st->r, 0, 2048);
  r->npp = (int64_t)s->npp_mb * MB * (980 + act / 40) / 1000 + st->npp_drift +
           rng_range(&st->r, 0, 511) * 4096;
  if (st->after_reboot)
    st->npp_drift = 0;

  /* Disk: IOPS in milli-I/O per second, bytes per second, latency in us. */
  int64_t iops = ((int64_t)s->iops_base * 1000 + (int64_t)s->iops_day * d +
                  (int64_t)s->iops_night * n + (int64_t)s->iops_bkp * b) *
                 (1000 + noise(&st->r, 120)) / 1000;
  iops += pages / 8;
  if (iops < 100)
    iops = 100 + rng_range(&st->r, 0, 300);
  r->iops = iops;
  r->dbytes = iops * s->io_kb * 1024 * (1000 + noise(&st->r, 90)) / 1000;
  int64_t cap = ((int64_t)s->iops_base + s->iops_day + s->iops_night + s->iops_bkp) * 1000;
  int64_t lat = (int64_t)s->lat_us * (1000 + iops * 900 / cap) / 1000;
  if (s->special == SP_PAGING)
    lat += pages / 1000 * 6;
  lat = lat * (1000 + noise(&st->r, 150)) / 1000;
  if (s->special == SP_GUEST)
    lat = lat * rng_range(&st->r, 400, 3200) / 1000;
  r->lat = lat < 80 ? 80 + rng_range(&st->r, 0, 50) : lat;

  /* Network, milli-bytes per second, 65/35 over two NICs. */
  int64_t net = ((int64_t)s->net_base * 1000 + (int64_t)s->net_day * d +
                 (int64_t)s->net_night * n + (int64_t)s->net_bkp * b) *
                1024 * (1000 + noise(&st->r, 110)) / 1000;
  if (net < 0)
    net = rng_range(&st->r, 0, 100000);
  if (s->nic[1]) {
    r->net[0] = net * 650 / 1000;
    r->net[1] = net - r->net[0];
  } else {
    r->net[0] = net;
  }

  /* Processes: % of one processor, working set in bytes. */
  for (int i = 0; i < 3 && s->proc[i]; i++) {
    int64_t p = cpu * s->proc_pm[i] / 1000 * s->cores * (1000 + noise(&st->r, 60)) / 1000;
    if (runaway && strcmp(s->proc[i], "ReportSvc") == 0)
      p = 100000 - rng_range(&st->r, 0, 300);
    if (s->special == SP_GUEST && strcmp(s->proc[i], "vmtoolsd") == 0)
      p = rng_range(&st->r, 30, 450);
    if (p < 0)
      p = 0;
    r->pcpu[i] = p;
    int64_t ws = (int64_t)s->proc_ws_mb[i] * MB;
    if (s->proc_ws_mb[i] < 20000) /* big caches (SQL, Exchange) hold theirs */
      ws = ws * (600 + act * 2 / 5) / 1000;
    r->pws[i] = ws + rng_range(&st->r, 0, 8191) * 4096;
  }
}

/* The value of column C in row R. */
static int64_t col_value(const struct col *c, const struct row *r)
{
  switch (c->k) {
  case K_CPU: return r->cpu;
  case K_PRIV: return r->priv;
  case K_INTR: return r->intr;
  case K_DPC: return r->dpc;
  case K_QUEUE: return r->queue;
  case K_CTX: return r->ctx;
  case K_AVAIL: return r->avail;
  case K_COMMIT: return r->commit;
  case K_PAGES: return r->pages;
  case K_NPP: return r->npp;
  case K_IOPS: return r->iops;
  case K_DBYTES: return r->dbytes;
  case K_LAT: return r->lat;
  case K_NET: return r->net[c->idx];
  case K_PCPU: return r->pcpu[c->idx];
  case K_PWS: return r->pws[c->idx];
  default: return 0;
  }
}

struct opts {
  uint64_t seed;
  const char *out;
  int servers, days, interval_min;
};

/* Writes the perfmon log of server S to PATH. 0, or -1 with a message. */
static int write_log(const struct server *s, const struct opts *o, const char *path)
{
  struct col cols[32];
  int nc = 0;
  for (int k = K_CPU; k <= K_DPC; k++)
    cols[nc++] = (struct col){(enum ctr)k, "_Total", 0};
  for (int k = K_QUEUE; k <= K_NPP; k++)
    cols[nc++] = (struct col){(enum ctr)k, NULL, 0};
  for (int k = K_IOPS; k <= K_LAT; k++)
    cols[nc++] = (struct col){(enum ctr)k, "_Total", 0};
  for (int i = 0; i < 2 && s->nic[i]; i++)
    cols[nc++] = (struct col){K_NET, s->nic[i], i};
  for (int i = 0; i < 3 && s->proc[i]; i++) {
    cols[nc++] = (struct col){K_PCPU, s->proc[i], i};
    cols[nc++] = (struct col){K_PWS, s->proc[i], i};
  }

  enum enc e = lang_enc[s->lang];
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "nfold-gen-samples: %s: %s\n", path, strerror(errno));
    return -1;
  }
  if (e == E_UTF8_BOM)
    fwrite("\xEF\xBB\xBF", 1, 3, f);
  else if (e == E_UTF16LE)
    fwrite("\xFF\xFE", 1, 2, f);

  buf b = {0};
  char tmp[160];
  snprintf(tmp, sizeof tmp, "\"(PDH-CSV 4.0) (%s)(%d)\"", tzs[s->tz].name, tzs[s->tz].bias);
  bputs(&b, tmp);
  for (int i = 0; i < nc; i++)
    put_path(&b, s, &cols[i]);
  bputs(&b, "\r\n");
  write_enc(f, b.p, b.n, e);

  struct state st = {.r = {o->seed ^ hash_name(s->name)}};
  for (int i = 0; i < 64; i++)
    st.day_f[i] = rng_range(&st.r, 860, 1140);
  int ms_base = (int)rng_range(&st.r, 40, 880);
  int64_t first_day;
  int first_m, first_s;
  local_time(T0_UTC, site_bias(s->site), &first_day, &first_m, &first_s);

  long rows = (long)o->days * 1440 / o->interval_min;
  int blank_rates = 1; /* the first row, and the first after a gap */
  for (long i = 0; i < rows; i++) {
    int64_t t = T0_UTC + (int64_t)i * o->interval_min * 60;
    int64_t hday;
    int hm, hs;
    local_time(t, tzs[s->tz].bias, &hday, &hm, &hs);
    int y, mo, da;
    civil(hday, &y, &mo, &da);
    int ms = ms_base + (int)rng_range(&st.r, 0, 90);
    b.n = 0;
    snprintf(tmp, sizeof tmp, "\"%02d/%02d/%04d %02d:%02d:%02d.%03d\"", mo, da, y, hm / 60, hm % 60,
             hs, ms);
    bputs(&b, tmp);

    struct row r;
    memset(&r, 0, sizeof r);
    model_row(s, &st, t, first_day, &r);

    int down = 0;
    if (s->special == SP_REBOOT) {
      /* Patch reboot: Sunday 03:00-03:15 site time the collector reads nothing. */
      int64_t sday;
      int sm, ss;
      local_time(t, site_bias(s->site), &sday, &sm, &ss);
      int mw = weekday(sday) * 1440 + sm;
      down = mw >= 6 * 1440 + 180 && mw < 6 * 1440 + 195;
      if (down) {
        st.after_reboot = 1;
        blank_rates = 1;
      }
    }
    for (int c = 0; c < nc; c++) {
      if (down || (blank_rates && ctrs[cols[c].k].rate)) {
        bputs(&b, ",\" \"");
        continue;
      }
      bputs(&b, ",\"");
      bnum(&b, col_value(&cols[c], &r), ctrs[cols[c].k].decimals);
      bputs(&b, "\"");
    }
    if (!down) {
      blank_rates = 0;
      st.after_reboot = 0;
    }
    bputs(&b, "\r\n");
    write_enc(f, b.p, b.n, e);
  }
  free(b.p);
  if (ferror(f) || fclose(f) != 0) {
    fprintf(stderr, "nfold-gen-samples: %s: write failed\n", path);
    return -1;
  }
  return 0;
}

/* ---------------------------------------------------------- inventory */

/* Writes text cell V to F, quoted when it holds a comma or a quote. */
static void csv_cell(FILE *f, const char *v, int last)
{
  if (strpbrk(v, ",\"\r\n")) {
    putc('"', f);
    for (; *v; v++) {
      if (*v == '"')
        putc('"', f);
      putc(*v, f);
    }
    putc('"', f);
  } else {
    fputs(v, f);
  }
  putc(last ? '\n' : ',', f);
}

/* Writes the inventory CSV of servers S[0..N) to PATH. */
static int write_inventory(const struct server *s, int n, const char *path)
{
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "nfold-gen-samples: %s: %s\n", path, strerror(errno));
    return -1;
  }
  fputs("name,site,role,os,arch,sockets,cores,mhz,ram_mb,model,criticality,tags,owner\n", f);
  for (int i = 0; i < n; i++) {
    csv_cell(f, s[i].inv_name ? s[i].inv_name : s[i].name, 0);
    csv_cell(f, s[i].site, 0);
    csv_cell(f, s[i].role, 0);
    csv_cell(f, s[i].os, 0);
    csv_cell(f, s[i].arch, 0);
    fprintf(f, "%d,%d,%d,%d,", s[i].sockets, s[i].cores, s[i].mhz, s[i].ram_mb);
    csv_cell(f, s[i].model, 0);
    csv_cell(f, s[i].crit, 0);
    csv_cell(f, s[i].tags, 0);
    csv_cell(f, s[i].owner, 1);
  }
  if (ferror(f) || fclose(f) != 0) {
    fprintf(stderr, "nfold-gen-samples: %s: write failed\n", path);
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------- driver */

/* Makes directory PATH and its parents. */
static int mkdirs(const char *path)
{
  char tmp[4096];
  size_t n = strlen(path);
  if (n >= sizeof tmp) {
    fprintf(stderr, "nfold-gen-samples: path too long: %s\n", path);
    return -1;
  }
  memcpy(tmp, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (tmp[i] == '/' || tmp[i] == 0) {
      char c = tmp[i];
      tmp[i] = 0;
      if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "nfold-gen-samples: %s: %s\n", tmp, strerror(errno));
        return -1;
      }
      tmp[i] = c;
    }
  }
  return 0;
}

/* Small steady servers appended when --servers asks for more than the
 * catalogue: hardware and load drawn from the seed. */
static struct server extra_server(int i, uint64_t seed, char *name, size_t cap)
{
  static const char *const tmpl[] = {"SEA-PRT01", "FRA-APP03", "SEA-LIC01", "FRA-PRT01"};
  rng r = {seed ^ (0xA5A5A5A5ULL + (uint64_t)i * 0x9E3779B9ULL)};
  struct server s = estate[0];
  for (int k = 0; k < NESTATE; k++)
    if (strcmp(estate[k].name, tmpl[i % 4]) == 0)
      s = estate[k];
  snprintf(name, cap, "%s-SRV%03d", s.site, i + 1);
  s.name = name;
  s.inv_name = NULL;
  s.cpu_base = (int)rng_range(&r, 300, 2500);
  s.cpu_day = (int)rng_range(&r, 500, 9000);
  s.iops_day = (int)rng_range(&r, 10, 200);
  s.net_day = (int)rng_range(&r, 50, 2000);
  s.special = SP_NONE;
  return s;
}

static void usage(FILE *f)
{
  fputs("usage: nfold-gen-samples [--seed N] [--out DIR] [--servers N] [--days D] "
        "[--interval-min M]\n"
        "Writes DIR/inventory.csv and DIR/perfmon/NAME.csv for a sample estate.\n"
        "Defaults (seed 2006, samples/estate, 36 servers, 7 days, 5 minutes) reproduce\n"
        "the estate committed in samples/estate.\n",
        f);
}

/* Parses a positive integer option value in [lo, hi], or exits with usage. */
static long num_arg(const char *opt, const char *v, long lo, long hi)
{
  char *end;
  errno = 0;
  long n = v ? strtol(v, &end, 10) : 0;
  if (!v || errno || *end || n < lo || n > hi) {
    fprintf(stderr, "nfold-gen-samples: %s wants a number from %ld to %ld\n", opt, lo, hi);
    usage(stderr);
    exit(2);
  }
  return n;
}

int main(int argc, char **argv)
{
  struct opts o = {.seed = 2006, .out = "samples/estate", .servers = NESTATE, .days = 7,
                   .interval_min = 5};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(a, "--seed") == 0) {
      char *end;
      errno = 0;
      if (!v || errno || !*v || (o.seed = strtoull(v, &end, 10), errno || *end)) {
        fprintf(stderr, "nfold-gen-samples: --seed wants an unsigned number\n");
        return 2;
      }
      i++;
    } else if (strcmp(a, "--out") == 0) {
      if (!v || !*v) {
        usage(stderr);
        return 2;
      }
      o.out = v;
      i++;
    } else if (strcmp(a, "--servers") == 0) {
      o.servers = (int)num_arg(a, v, 1, 999);
      i++;
    } else if (strcmp(a, "--days") == 0) {
      o.days = (int)num_arg(a, v, 1, 60);
      i++;
    } else if (strcmp(a, "--interval-min") == 0) {
      o.interval_min = (int)num_arg(a, v, 1, 1440);
      i++;
    } else {
      fprintf(stderr, "nfold-gen-samples: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
  }

  char dir[4096];
  snprintf(dir, sizeof dir, "%s/perfmon", o.out);
  if (mkdirs(dir))
    return 1;

  struct server *list = calloc((size_t)o.servers, sizeof *list);
  char (*names)[32] = calloc((size_t)o.servers, sizeof *names);
  if (!list || !names) {
    fprintf(stderr, "nfold-gen-samples: out of memory\n");
    return 70;
  }
  for (int i = 0; i < o.servers; i++)
    list[i] = i < NESTATE ? estate[i] : extra_server(i, o.seed, names[i], sizeof names[i]);

  char path[4200];
  snprintf(path, sizeof path, "%s/inventory.csv", o.out);
  int rc = write_inventory(list, o.servers, path);
  for (int i = 0; i < o.servers && rc == 0; i++) {
    snprintf(path, sizeof path, "%s/perfmon/%s.csv", o.out, list[i].name);
    rc = write_log(&list[i], &o, path);
  }
  free(list);
  free(names);
  return rc ? 1 : 0;
}
