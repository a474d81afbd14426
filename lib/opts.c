/*
 * opts.c - the common options of every tool (SPEC 3, 5.1), merged with
 * the tool's own into one getopt_long table.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lt.h"

enum {
	O_CSV = 256, O_TSV, O_OCSV, O_OTSV, O_BOM, O_LANG, O_ENCODING,
	O_ASCII, O_CONFIG, O_SCHEMA, O_TODAY, O_MASK, O_UNMASK, O_HEADER_FROM,
	O_PRINT_CONFIG, O_PRINT_SCHEMA, O_DATE_ORDER
};

static const struct option common[] = {
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "csv",		no_argument,		NULL, O_CSV },
	{ "tsv",		no_argument,		NULL, O_TSV },
	{ "ocsv",		no_argument,		NULL, O_OCSV },
	{ "otsv",		no_argument,		NULL, O_OTSV },
	{ "bom",		no_argument,		NULL, O_BOM },
	{ "lang",		required_argument,	NULL, O_LANG },
	{ "encoding",		required_argument,	NULL, O_ENCODING },
	{ "ascii-headers",	no_argument,		NULL, O_ASCII },
	{ "config",		required_argument,	NULL, O_CONFIG },
	{ "schema",		required_argument,	NULL, O_SCHEMA },
	{ "today",		required_argument,	NULL, O_TODAY },
	{ "mask",		no_argument,		NULL, O_MASK },
	{ "unmask",		no_argument,		NULL, O_UNMASK },
	{ "header-from",	required_argument,	NULL, O_HEADER_FROM },
	{ "print-config",	no_argument,		NULL, O_PRINT_CONFIG },
	{ "print-schema",	optional_argument,	NULL, O_PRINT_SCHEMA },
	{ "date-order",		required_argument,	NULL, O_DATE_ORDER },
};
#define NCOMMON (sizeof(common) / sizeof(common[0]))

static const char common_help_en[] =
"Common options:\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"  -q, --quiet            report fatal errors only\n"
"      --csv, --tsv       input format (default: detected)\n"
"      --ocsv, --otsv     output format (default: as the input)\n"
"      --bom              write a UTF-8 BOM (for Excel)\n"
"      --encoding ENC     input encoding: auto, utf-8 or gb18030 (or gbk,\n"
"                         cp936, ...)\n"
"      --lang zh|en       language of messages\n"
"      --ascii-headers    write ASCII keys as headers\n"
"      --mask             mask IDs, phones and names in person files\n"
"      --unmask           do not mask report files\n"
"      --header-from FILE read the header from FILE\n"
"      --config FILE      configuration (default: built in, or $LEDGER_CONFIG)\n"
"      --schema FILE|ledger|roster  record schema: a file, or a built-in\n"
"                         one by name (default: the tool's; ./roster is a file)\n"
"      --today DATE       run as if today were DATE (YYYY-MM-DD; or $LEDGER_TODAY)\n"
"      --date-order ymd|mdy|dmy  how to read year-last dates such as\n"
"                         3/15/2022 (default ymd: they are errors)\n"
"      --print-config     print the configuration and exit\n"
"      --print-schema[=ledger|roster]  print a schema and exit\n";

static const char common_help_zh[] =
"通用选项：\n"
"  -h, --help             显示本帮助并退出\n"
"  -V, --version          显示版本并退出\n"
"  -q, --quiet            只报告致命错误\n"
"      --csv, --tsv       输入格式（默认自动识别）\n"
"      --ocsv, --otsv     输出格式（默认与输入相同）\n"
"      --bom              输出 UTF-8 BOM（供 Excel 打开）\n"
"      --encoding ENC     输入编码：auto、utf-8 或 gb18030（或 gbk、cp936\n"
"                         等）\n"
"      --lang zh|en       提示信息的语言\n"
"      --ascii-headers    表头输出英文键名\n"
"      --mask             人员文件中的身份证号、电话、姓名脱敏\n"
"      --unmask           报告文件不脱敏\n"
"      --header-from FILE 从 FILE 读取表头\n"
"      --config FILE      配置文件（默认内置，或 $LEDGER_CONFIG）\n"
"      --schema FILE|ledger|roster  记录模式：文件，或按名称用内置模式\n"
"                         （默认为本工具的内置模式；./roster 指文件）\n"
"      --today DATE       以 DATE 作为今天（YYYY-MM-DD；或 $LEDGER_TODAY）\n"
"      --date-order ymd|mdy|dmy  年份在后的日期（如 3/15/2022）按月日年\n"
"                         或日月年读取（默认 ymd：视为错误）\n"
"      --print-config     输出配置并退出\n"
"      --print-schema[=ledger|roster]  输出模式并退出\n";

/* Kept for usage errors raised after parsing (lt_usage_err). */
static const char *const *usage_text;

/*
 * The usage is the tool's text up to its first empty line; the examples
 * follow it, for --help only.  --help leaves out the usage's short list
 * of common options (from its title line on): the full one follows.
 */
static void
put_usage(const lt_opts *o, FILE *fp, int help)
{
	const char *t, *e, *c;
	size_t n;

	if (usage_text == NULL || (t = usage_text[o->lang]) == NULL ||
	    *t == '\0')
		return;
	n = (e = strstr(t, "\n\n")) != NULL ? (size_t)(e - t) : strlen(t);
	if (help && (c = strstr(t, o->lang == LT_ZH ? "\n通用选项：" :
	    "\ncommon options:")) != NULL && (size_t)(c - t) < n)
		n = (size_t)(c - t);
	fwrite(t, 1, n, fp);
	if (t[n - 1] != '\n')
		fputc('\n', fp);
}

static void
put_help(const lt_opts *o)
{
	const char *e;

	put_usage(o, stdout, 1);
	fputc('\n', stdout);
	fputs(o->lang == LT_ZH ? common_help_zh : common_help_en, stdout);
	if (usage_text != NULL && usage_text[o->lang] != NULL &&
	    (e = strstr(usage_text[o->lang], "\n\n")) != NULL)
		fputs(e + 1, stdout);
}

void
lt_usage_err(lt_opts *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		lt_warnx(o, "%s", msg);
	}
	put_usage(o, stderr, 0);
	exit(2);
}

/* Flush and close stdout after -V, -h, --print-*; a failed write is 2. */
static void
done(lt_opts *o)
{
	o->status = 0;
	exit(lt_finish(o));
}

/* The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is
 * set decides; C and POSIX (also C.UTF-8) name none: -1. */
static int
locale_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		if ((v = getenv(vars[i])) == NULL || *v == '\0')
			continue;
		if (strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 ||
		    strcmp(v, "POSIX") == 0 || strncmp(v, "POSIX.", 6) == 0)
			return -1;
		return strncmp(v, "zh", 2) == 0 ? LT_ZH : LT_EN;
	}
	return -1;
}

static int
parse_lang(const char *s)
{
	if (strcasecmp(s, "zh") == 0 || strncasecmp(s, "zh_", 3) == 0 ||
	    strncasecmp(s, "zh-", 3) == 0)
		return LT_ZH;
	if (strcasecmp(s, "en") == 0 || strncasecmp(s, "en_", 3) == 0 ||
	    strncasecmp(s, "en-", 3) == 0)
		return LT_EN;
	return -1;
}

/* SPEC 3: --lang, else LEDGER_LANG, else the locale when it names a
 * language; -1 when none of them decides (then the config's lang). */
static int
env_lang(lt_opts *o)
{
	const char *v = getenv("LEDGER_LANG");
	int l;

	if (v == NULL || *v == '\0')
		return locale_lang();
	if ((l = parse_lang(v)) < 0) {
		o->lang = LT_EN;
		lt_usage_err(o, "LEDGER_LANG: expected zh or en: '%s'", v);
	}
	return l;
}

/* --lang decides the language of option errors too, wherever it stands. */
static void
prescan_lang(lt_opts *o, int argc, char **argv)
{
	const char *v;
	int i, l;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		v = NULL;
		if (strncmp(argv[i], "--lang=", 7) == 0)
			v = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			v = argv[i + 1];
		if (v != NULL && (l = parse_lang(v)) >= 0)
			o->lang = l;
	}
}

static int
parse_date_order(const char *s)
{
	if (strcasecmp(s, "ymd") == 0)
		return LT_DATE_YMD;
	if (strcasecmp(s, "mdy") == 0)
		return LT_DATE_MDY;
	if (strcasecmp(s, "dmy") == 0)
		return LT_DATE_DMY;
	return -1;
}

static int32_t
real_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return LT_NODATE;
	return lt_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t
lt_opt_date(lt_opts *o, const char *optname, const char *arg)
{
	int32_t d;

	if (arg == NULL || (d = lt_date_iso(arg)) == LT_NODATE)
		lt_usage_err(o, lt_tr(o, "%s：日期无效：'%s'（应为 YYYY-MM-DD）",
		    "%s: invalid date '%s' (expected YYYY-MM-DD)"), optname,
		    arg ? arg : "");
	return d;
}

int32_t
lt_opt_week_ending(lt_opts *o, const char *arg)
{
	int32_t d;

	if (arg == NULL)
		return lt_wed_on_or_before(o->today);
	d = lt_opt_date(o, "--week-ending", arg);
	if (lt_weekday(d) != 3)
		lt_usage_err(o, lt_tr(o, "--week-ending：%s 不是星期三",
		    "--week-ending: %s is not a Wednesday"), arg);
	return d;
}

int
lt_out_fmt(const lt_opts *o, int in_fmt)
{
	if (o->out_fmt != LT_FMT_AUTO)
		return o->out_fmt;
	if (in_fmt == LT_FMT_TSV)
		return LT_FMT_TSV;
	return LT_FMT_CSV;
}

/* Copy a file to stdout (--print-config/--print-schema with a file). */
static void
cat(lt_opts *o, const char *path)
{
	char buf[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		exit(2);
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(fp)) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		exit(2);
	}
	fclose(fp);
}

/* The name of the option that getopt_long just returned, for messages. */
static void
optname(char *buf, size_t bsz, const struct option *lo, int idx, int c,
    char **argv)
{
	if (idx >= 0)
		snprintf(buf, bsz, "--%s", lo[idx].name);
	else if (c > 0 && c < 256)
		snprintf(buf, bsz, "-%c", c);
	else
		snprintf(buf, bsz, "%s", argv[optind - 1]);
}

int
lt_opts_parse(lt_opts *o, int argc, char **argv, const char *prog,
    const char *const usage[2], const char *schema,
    const struct option *longopts, const char *shortopts, lt_optfn fn,
    void *ud)
{
	struct option *lo;
	char *so, err[512], name[64];
	const char *v, *print_schema = NULL, *today_arg = NULL;
	const char *schema_name = NULL;
	const char *today_from = "--today";
	size_t nt = 0;
	int c, idx, l, print_config = 0, want_schema = 0;
	int lang_from_config = 0;

	memset(o, 0, sizeof(*o));
	o->prog = prog;
	usage_text = usage;
	o->lang = -1;
	prescan_lang(o, argc, argv);
	if (o->lang < 0 && (o->lang = env_lang(o)) < 0) {
		/* C, POSIX or unset (cron): the config's lang once it is
		 * loaded; till then (usage errors, --help) the built-in's */
		lang_from_config = 1;
		o->lang = LT_ZH;
	}
	o->tty = isatty(2);
	if (shortopts == NULL)
		shortopts = "";
	if (longopts != NULL)
		while (longopts[nt].name != NULL)
			nt++;
	lo = calloc(NCOMMON + nt + 1, sizeof(*lo));
	so = malloc(strlen(shortopts) + 8);
	if (lo == NULL || so == NULL) {
		lt_warnx(o, "%s", strerror(errno));
		exit(2);
	}
	memcpy(lo, common, sizeof(common));
	if (nt > 0)
		memcpy(lo + NCOMMON, longopts, nt * sizeof(*lo));
	/* ':' first: a missing argument is told apart from a bad option */
	strcpy(so, ":hVq");
	strcat(so, shortopts);

	opterr = 0;
	for (;;) {
		idx = -1;
		if ((c = getopt_long(argc, argv, so, lo, &idx)) == -1)
			break;
		switch (c) {
		case 0:		/* a tool's option with a flag pointer */
			break;
		case 'h':
			put_help(o);
			done(o);
			break;
		case 'V':
			printf("%s (ledger-tools) %s\n", prog, LT_VERSION);
			done(o);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case O_CSV:
			o->in_fmt = LT_FMT_CSV;
			break;
		case O_TSV:
			o->in_fmt = LT_FMT_TSV;
			break;
		case O_OCSV:
			o->out_fmt = LT_FMT_CSV;
			break;
		case O_OTSV:
			o->out_fmt = LT_FMT_TSV;
			break;
		case O_BOM:
			o->bom = 1;
			break;
		case O_LANG:
			if ((l = parse_lang(optarg)) < 0)
				lt_usage_err(o, lt_tr(o,
				    "--lang：应为 zh 或 en：'%s'",
				    "--lang: expected zh or en: '%s'"), optarg);
			o->lang = l;
			break;
		case O_ENCODING:
			if ((l = lt_enc_parse(optarg)) < 0)
				lt_usage_err(o, lt_tr(o,
				    "--encoding：应为 auto、utf-8 或 gb18030（也可写 "
				    LT_ENC_NAMES "）：'%s'",
				    "--encoding: expected auto, utf-8 or gb18030 "
				    "(also " LT_ENC_NAMES "): '%s'"), optarg);
			o->encoding = l;
			break;
		case O_ASCII:
			o->ascii_headers = 1;
			break;
		case O_DATE_ORDER:
			if ((l = parse_date_order(optarg)) < 0)
				lt_usage_err(o, lt_tr(o,
				    "--date-order：应为 ymd、mdy 或 dmy：'%s'",
				    "--date-order: expected ymd, mdy or dmy: "
				    "'%s'"), optarg);
			o->date_order = l;
			break;
		case O_CONFIG:
			o->config_path = optarg;
			break;
		case O_SCHEMA:
			/* a bare ledger/roster is the built-in one; ./roster
			 * is the file */
			if (strcmp(optarg, "ledger") == 0 ||
			    strcmp(optarg, "roster") == 0) {
				schema_name = optarg;
				o->schema_path = NULL;
			} else {
				schema_name = NULL;
				o->schema_path = optarg;
			}
			break;
		case O_TODAY:
			today_arg = optarg;
			break;
		case O_MASK:
			o->mask = 1;
			break;
		case O_UNMASK:
			o->unmask = 1;
			break;
		case O_HEADER_FROM:
			o->header_from = optarg;
			break;
		case O_PRINT_CONFIG:
			print_config = 1;
			break;
		case O_PRINT_SCHEMA:
			want_schema = 1;
			print_schema = optarg;
			if (optarg != NULL && strcmp(optarg, "ledger") != 0 &&
			    strcmp(optarg, "roster") != 0)
				lt_usage_err(o, lt_tr(o,
				    "--print-schema：应为 ledger 或 roster：'%s'",
				    "--print-schema: expected ledger or roster: "
				    "'%s'"), optarg);
			break;
		case ':':
			optname(name, sizeof(name), lo, idx, optopt, argv);
			lt_usage_err(o, lt_tr(o, "选项需要参数：%s",
			    "option requires an argument: %s"), name);
			break;
		case '?':
			if (optopt > 0 && optopt < 256)
				snprintf(name, sizeof(name), "-%c", optopt);
			else
				snprintf(name, sizeof(name), "%s",
				    argv[optind - 1]);
			lt_usage_err(o, lt_tr(o, "未知选项：%s",
			    "unknown option: %s"), name);
			break;
		default:
			if (fn == NULL || !(c >= LT_OPT_TOOL ||
			    (c > 0 && c < 256 && c != ':' &&
			    strchr(shortopts, c) != NULL))) {
				optname(name, sizeof(name), lo, idx, c, argv);
				lt_usage_err(o, lt_tr(o, "未知选项：%s",
				    "unknown option: %s"), name);
			}
			o->status = 0;
			if (fn(o, c, optarg, ud) != 0) {
				/* say which option, unless the tool did */
				if (o->status == 0) {
					optname(name, sizeof(name), lo, idx, c,
					    argv);
					if (optarg != NULL)
						lt_usage_err(o, lt_tr(o,
						    "%s：参数无效：'%s'",
						    "%s: invalid argument '%s'"),
						    name, optarg);
					lt_usage_err(o, lt_tr(o, "%s：用法错误",
					    "%s: usage error"), name);
				}
				lt_usage_err(o, NULL);
			}
			o->status = 0;
			break;
		}
	}
	free(lo);
	free(so);
	if (o->mask && o->unmask)	/* SPEC 5.5: in every tool */
		lt_usage_err(o, "%s", lt_tr(o, "--mask 与 --unmask 不能同时使用",
		    "--mask and --unmask cannot be used together"));
	lt_ofile_nofsz();	/* a file size limit is a write error */

	if (o->config_path == NULL && (v = getenv("LEDGER_CONFIG")) != NULL &&
	    *v != '\0')
		o->config_path = v;
	if (print_config) {
		if (o->config_path != NULL)
			cat(o, o->config_path);
		else
			fputs(lt_builtin_config, stdout);
		done(o);
	}
	if (want_schema) {
		if (print_schema == NULL && o->schema_path != NULL)
			cat(o, o->schema_path);
		else {
			if (print_schema == NULL)
				print_schema = schema_name ? schema_name :
				    schema ? schema : "ledger";
			fputs(strcmp(print_schema, "roster") == 0 ?
			    lt_builtin_roster : lt_builtin_ledger, stdout);
		}
		done(o);
	}

	if (today_arg == NULL && (v = getenv("LEDGER_TODAY")) != NULL &&
	    *v != '\0') {
		today_arg = v;
		today_from = "LEDGER_TODAY";
	}
	if (today_arg != NULL)
		o->today = lt_opt_date(o, today_from, today_arg);
	else if ((o->today = real_today()) == LT_NODATE) {
		lt_warnx(o, "%s", lt_tr(o, "无法取得今天的日期",
		    "cannot get today's date"));
		exit(2);
	}

	if (lt_config_load(&o->cfg, o->config_path, err, sizeof(err)) != 0) {
		lt_warnx(o, "%s [F-CONFIG]", err);
		exit(2);
	}
	if (lang_from_config && o->cfg.lang >= 0)
		o->lang = o->cfg.lang;
	if (schema_name != NULL)
		schema = schema_name;
	if (schema != NULL && lt_schema_load(&o->schema, schema,
	    o->schema_path, err, sizeof(err)) != 0) {
		lt_warnx(o, "%s [F-CONFIG]", err);
		exit(2);
	}
	o->status = 0;
	return optind;
}
