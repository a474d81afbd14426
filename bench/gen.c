/*
 * gen.c - a fast, deterministic generator of synthetic test data:
 *
 *   gen [--rows N] [--seed S] [--today D] [--format csv|tsv] [--crlf] [--bom]
 *       [--errors RATE] [--truth FILE] [--mutate RATE]     ledger (SPEC 4.1)
 *       [--broken-quotes RATE]
 *   gen --roster [--rows N] ...                            roster (SPEC 4.2)
 *   gen --ids N [--rows R] ...        N IDs of an R-row roster (a paid list)
 *   gen --update N [--rows R] ...     weekly update for N people of an R-row
 *                                     ledger (身份证号码 + columns 13-23)
 *
 * Chongqing places (real districts and townships, invented villages),
 * valid unique 18-digit IDs, mobiles, work regions and industries; ledger
 * rows obey rules R1-R8.  --errors gives about RATE of the rows exactly one
 * defect (bad checksum, impossible birth date, unknown province, wrong
 * length, impossible / early / future return date, missing required value,
 * bad code, R1/R4/R5/R6 violation, duplicate ID, bad phone); --truth writes
 * line,field,kind for each.  --mutate RATE changes about RATE of the rows
 * (phone, village, name, return date, the weekly block; some rows dropped,
 * some persons added): the same seed with and without it makes the two
 * systems' ledgers that ledger-diff compares.  Independent random streams
 * keep the clean data of a seed the same whatever --errors / --mutate.
 * All people, numbers and companies are invented.  Only libc is needed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64 ------------------------------------- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t
next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
rnd(rng *r)
{
	return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static uint32_t
below(rng *r, uint32_t n)	/* uniform in [0, n) */
{
	return (uint32_t)(((next(r) >> 32) * (uint64_t)n) >> 32);
}

static void
seed_rng(rng *r, uint64_t seed, uint64_t stream)
{
	r->s = seed * 0x2545f4914f6cdd1dULL ^ stream * 0x9e3779b97f4a7c15ULL;
	next(r);
}

/* ---- dates: days since 1970-01-01 ------------------------------------ */

static int32_t
days_from(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void
civil(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
weekday(int32_t z)	/* 0 = Sunday */
{
	return (int)(((z % 7) + 11) % 7);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static char *
isodate(char *o, int32_t z)
{
	int y, m, d;

	civil(z, &y, &m, &d);
	o[0] = (char)('0' + y / 1000);
	o[1] = (char)('0' + y / 100 % 10);
	o[2] = (char)('0' + y / 10 % 10);
	o[3] = (char)('0' + y % 10);
	o[4] = '-';
	o[5] = (char)('0' + m / 10);
	o[6] = (char)('0' + m % 10);
	o[7] = '-';
	o[8] = (char)('0' + d / 10);
	o[9] = (char)('0' + d % 10);
	o[10] = '\0';
	return o;
}

static int32_t
parse_iso(const char *s)
{
	int y, m, d;
	char c;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &c) != 3)
		return INT32_MIN;
	if (m < 1 || m > 12 || d < 1 ||
	    d > (m == 2 ? 28 + leap(y) : 30 + ((m + (m > 7)) & 1)))
		return INT32_MIN;
	return days_from(y, m, d);
}

/* ---- static data ------------------------------------------------------ */

/* District or zone: name, ID area codes (current, older), townships
 * (real ones: data/chongqing-townships.csv), weight. */
static const struct {
	const char *name, *codes, *towns;
	int w;
} ddef[] = {
	{ "万州区", "500101", "高笋塘街道 龙都街道 分水镇 武陵镇 甘宁镇 长岭镇", 5 },
	{ "涪陵区", "500102", "敦仁街道 李渡街道 南沱镇 龙潭镇 百胜镇 珍溪镇", 3 },
	{ "渝中区", "500103", "解放碑街道 朝天门街道 大坪街道 化龙桥街道", 1 },
	{ "大渡口区", "500104", "新山村街道 春晖路街道 跳磴镇 建胜镇", 1 },
	{ "江北区", "500105", "观音桥街道 石马河街道 郭家沱街道 鱼嘴镇 复盛镇", 1 },
	{ "沙坪坝区", "500106", "井口街道 歌乐山街道 青木关镇 回龙坝镇 曾家镇", 2 },
	{ "九龙坡区", "500107", "杨家坪街道 华岩镇 西彭镇 铜罐驿镇 陶家镇", 2 },
	{ "南岸区", "500108", "南坪街道 弹子石街道 迎龙镇 广阳镇 长生桥镇", 1 },
	{ "北碚区", "500109", "天生街道 歇马街道 静观镇 柳荫镇 三圣镇 金刀峡镇", 2 },
	{ "綦江区", "500110 500222", "古南街道 文龙街道 三江街道 石角镇 东溪镇 赶水镇", 4 },
	{ "大足区", "500111 500225", "龙岗街道 棠香街道 宝顶镇 龙水镇 邮亭镇 石马镇", 3 },
	{ "渝北区", "500112", "双凤桥街道 龙溪街道 统景镇 洛碛镇 大盛镇 木耳镇", 2 },
	{ "巴南区", "500113", "鱼洞街道 李家沱街道 一品街道 南彭街道 界石镇 东温泉镇", 2 },
	{ "黔江区", "500114", "城东街道 正阳街道 濯水镇 阿蓬江镇 石会镇 小南海镇", 3 },
	{ "长寿区", "500115", "凤城街道 晏家街道 葛兰镇 云台镇 双龙镇", 3 },
	{ "江津区", "500116", "几江街道 德感街道 白沙镇 李市镇 石门镇 吴滩镇", 4 },
	{ "合川区", "500117", "钓鱼城街道 南津街街道 太和镇 钱塘镇 龙市镇 沙鱼镇", 4 },
	{ "永川区", "500118", "中山路街道 胜利路街道 朱沱镇 仙龙镇 来苏镇 板桥镇", 3 },
	{ "南川区", "500119", "东城街道 西城街道 南平镇 大观镇 水江镇 头渡镇", 3 },
	{ "璧山区", "500120 500227", "璧城街道 青杠街道 丁家街道 大路街道 七塘镇 健龙镇", 2 },
	{ "铜梁区", "500151 500224", "巴川街道 东城街道 安居镇 少云镇 围龙镇 虎峰镇", 3 },
	{ "潼南区", "500152 500223", "梓潼街道 桂林街道 双江镇 古溪镇 柏梓镇 龙形镇", 4 },
	{ "荣昌区", "500153 500226", "昌元街道 广顺街道 安富街道 吴家镇 清升镇 盘龙镇", 3 },
	{ "开州区", "500154 500234", "汉丰街道 文峰街道 临江镇 温泉镇 郭家镇 大进镇", 5 },
	{ "梁平区", "500155 500228", "梁山街道 双桂街道 屏锦镇 礼让镇 袁驿镇 虎城镇", 4 },
	{ "武隆区", "500156 500232", "凤山街道 芙蓉街道 仙女山街道 白马镇 江口镇 鸭江镇", 3 },
	{ "城口县", "500229", "葛城街道 复兴街道 修齐镇 高观镇 东安镇 明通镇", 3 },
	{ "丰都县", "500230", "三合街道 名山街道 高家镇 社坛镇 兴义镇 龙河镇", 5 },
	{ "垫江县", "500231", "桂阳街道 桂溪街道 澄溪镇 高安镇 沙坪镇 太平镇", 5 },
	{ "忠县", "500233", "忠州街道 白公街道 拔山镇 石宝镇 洋渡镇 双桂镇", 5 },
	{ "云阳县", "500235", "双江街道 青龙街道 人和街道 南溪镇 江口镇 龙角镇", 5 },
	{ "奉节县", "500236", "永安街道 夔门街道 白帝镇 草堂镇 吐祥镇 竹园镇", 5 },
	{ "巫山县", "500237", "高唐街道 龙门街道 大昌镇 庙宇镇 官阳镇 骡坪镇", 4 },
	{ "巫溪县", "500238", "柏杨街道 宁河街道 凤凰镇 宁厂镇 尖山镇 大河乡", 4 },
	{ "石柱土家族自治县", "500240", "南宾街道 万安街道 西沱镇 黄水镇 悦崃镇 沙子镇", 4 },
	{ "秀山土家族苗族自治县", "500241", "中和街道 乌杨街道 平凯街道 洪安镇 隘口镇 梅江镇", 4 },
	{ "酉阳土家族苗族自治县", "500242", "桃花源街道 钟多街道 龙潭镇 麻旺镇 龚滩镇 板溪镇", 5 },
	{ "彭水苗族土家族自治县", "500243", "汉葭街道 绍庆街道 郁山镇 保家镇 鹿角镇 桑柘镇", 5 },
	{ "两江新区", "500112 500105", "礼嘉街道 人和街道 鸳鸯街道 翠云街道 康美街道 龙兴镇", 1 },
	{ "西部科学城重庆高新区", "500106 500107", "西永街道 虎溪街道 香炉山街道 含谷镇 金凤镇 白市驿镇", 1 },
	{ "万盛经开区", "500110", "万东镇 南桐镇 青年镇 关坝镇 黑山镇 丛林镇", 2 },
};
#define NDIST (int)(sizeof(ddef) / sizeof(ddef[0]))

static const char village_stems[] =
    "新华 团结 红光 石桥 青龙 白马 双河 太平 凉水 长岭 黄桷 马鞍 龙洞 桂花 "
    "金竹 柏林 杨柳 大坪 高峰 三合 五一 光明 胜利 永兴 复兴 新民 民主 平安 "
    "观音 龙井 松林 茶园 桥头 花园 梨树 桃园 水井 大湾 石龙 竹林 金山 银杏 "
    "凤凰 天池 和平 清泉 新店 黄泥 坪上";
static const char community_stems[] =
    "滨江 新街 正街 场镇 城南 城北 锦绣 幸福 育才 东风 解放 龙腾 学府 金湾";

static const char common_surnames[] = "陈刘李王张杨黄周罗谭何吴唐邓";
static const char other_surnames[] =
    "冉向田彭秦蒋曾余熊徐胡赵郑廖任龚万袁蔡肖谢冯邹程傅汪曹韩许苏卢蒲牟文易付石"
    "魏江龙";
static const char given_m[] =
    "伟强军勇杰涛明超刚建国文德海林波辉斌宇浩鑫飞成龙福兵祥永光志清平华俊帅鹏洪"
    "江春云中兴才贵锋";
static const char given_f[] =
    "芳娜敏静丽艳娟秀霞桂英兰红玉梅婷雪琴燕凤琼莉琳萍慧莲翠群丹春华平云露佳";

static const char *const mobile_prefix[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"147", "150", "151", "152", "153", "155", "156", "157", "158", "159",
	"166", "173", "176", "177", "178", "180", "181", "182", "183", "184",
	"185", "186", "187", "188", "189", "191", "198", "199",
};

/* Work regions: name, weight, sub-areas for addresses, inside Chongqing. */
static const struct {
	const char *name;
	int w;
	const char *subs;
	int cq;
} regdef[] = {
	{ "广东省深圳市", 10, "宝安区 龙岗区 龙华区 光明区", 0 },
	{ "广东省东莞市", 10, "长安镇 虎门镇 塘厦镇 厚街镇", 0 },
	{ "广东省广州市", 6, "白云区 番禺区 花都区", 0 },
	{ "广东省佛山市", 4, "顺德区 南海区", 0 },
	{ "广东省中山市", 2, "小榄镇 古镇镇", 0 },
	{ "广东省惠州市", 2, "惠阳区 博罗县", 0 },
	{ "浙江省宁波市", 5, "北仑区 慈溪市 余姚市", 0 },
	{ "浙江省杭州市", 4, "萧山区 余杭区", 0 },
	{ "浙江省温州市", 3, "瓯海区 乐清市", 0 },
	{ "浙江省金华市", 3, "义乌市 永康市", 0 },
	{ "福建省厦门市", 3, "集美区 同安区", 0 },
	{ "福建省泉州市", 3, "晋江市 石狮市", 0 },
	{ "福建省福州市", 2, "仓山区 长乐区", 0 },
	{ "上海市浦东新区", 3, "张江镇 川沙新镇", 0 },
	{ "上海市松江区", 2, "九亭镇 泗泾镇", 0 },
	{ "上海市嘉定区", 2, "安亭镇 马陆镇", 0 },
	{ "江苏省苏州市", 5, "昆山市 吴江区 常熟市", 0 },
	{ "江苏省无锡市", 2, "新吴区 江阴市", 0 },
	{ "江苏省南京市", 1, "江宁区 浦口区", 0 },
	{ "北京市朝阳区", 2, "十八里店乡 王四营乡", 0 },
	{ "北京市大兴区", 1, "亦庄镇 西红门镇", 0 },
	{ "天津市滨海新区", 1, "塘沽街道 大港街道", 0 },
	{ "四川省成都市", 5, "双流区 郫都区 龙泉驿区", 0 },
	{ "吉林省长春市", 2, "绿园区 朝阳区", 0 },
	{ "新疆维吾尔自治区乌鲁木齐市", 1, "米东区 头屯河区", 0 },
	{ "新疆维吾尔自治区昌吉回族自治州", 1, "昌吉市 玛纳斯县", 0 },
	{ "云南省昆明市", 1, "官渡区 呈贡区", 0 },
	{ "贵州省贵阳市", 1, "花溪区 白云区", 0 },
	{ "湖北省武汉市", 1, "东西湖区 蔡甸区", 0 },
	{ "陕西省西安市", 1, "未央区 长安区", 0 },
	{ "山东省青岛市", 1, "黄岛区 即墨区", 0 },
	{ "山东省济南市", 1, "历城区 章丘区", 0 },
	{ "重庆市渝北区", 3, "空港新城 回兴街道", 1 },
	{ "重庆市江北区", 2, "观音桥街道 寸滩街道", 1 },
	{ "重庆市九龙坡区", 2, "西彭镇 白市驿镇", 1 },
	{ "重庆市沙坪坝区", 2, "西永街道 土主街道", 1 },
	{ "重庆市巴南区", 1, "界石镇 南彭街道", 1 },
	{ "重庆市江津区", 1, "双福街道 德感街道", 1 },
	{ "重庆市涪陵区", 1, "李渡街道 白涛街道", 1 },
};
#define NREG (int)(sizeof(regdef) / sizeof(regdef[0]))

/* Industries as people write them, with company-name suffixes. */
static const struct {
	const char *term, *suffixes;
	int w;
} inddef[] = {
	{ "制造业", "实业有限公司 制造有限公司", 8 },
	{ "电子厂", "电子有限公司 电子厂 精密电子有限公司", 10 },
	{ "建筑业", "建筑工程有限公司 建设集团项目部", 12 },
	{ "建筑工地", "建设集团项目部 建筑劳务有限公司", 3 },
	{ "餐饮", "餐饮管理有限公司 火锅店 酒楼", 7 },
	{ "住宿餐饮", "酒店 宾馆", 2 },
	{ "快递物流", "物流有限公司 快递分拣中心", 6 },
	{ "外卖配送", "外卖配送站", 3 },
	{ "家政服务", "家政服务有限公司", 4 },
	{ "批发零售", "商贸有限公司 超市", 5 },
	{ "服装加工", "服饰有限公司 制衣厂", 5 },
	{ "汽车制造", "汽车零部件有限公司 汽车制造厂", 3 },
	{ "装修", "装饰工程有限公司", 4 },
	{ "保安", "保安服务有限公司", 2 },
	{ "保洁", "物业保洁有限公司", 2 },
	{ "交通运输", "运输有限公司", 3 },
	{ "机械加工", "机械有限公司 五金厂", 3 },
	{ "鞋厂", "鞋业有限公司", 2 },
	{ "纺织", "纺织有限公司", 2 },
	{ "食品加工", "食品有限公司", 2 },
	{ "物业管理", "物业管理有限公司", 2 },
	{ "美容美发", "美发店", 1 },
	{ "采矿", "矿业有限公司", 1 },
	{ "农业种植", "农业开发有限公司 种植合作社", 2 },
};
#define NIND (int)(sizeof(inddef) / sizeof(inddef[0]))

static const char brands[] = "鸿达 华盛 永兴 金源 宏发 兴旺 鑫达 恒通 天宇 盛世 "
    "瑞丰 富强 远航 嘉禾 正泰 新光 百顺 立信 中联 昌盛";

static const char *const ledger_hdr[] = {
	"序号", "区县", "乡镇", "村社", "姓名", "身份证号码", "联系电话",
	"返乡前务工区域", "返乡前务工地址", "返乡前从事行业", "返乡时间", "返乡原因",
	"是否有就业或创业意愿", "意愿就业或创业行业", "意愿就业或创业地点",
	"开展职业指导次数", "提供适合岗位次数或创业政策咨询次数", "提供培训次数",
	"是否已实现就业", "就业地点", "就业行业", "已就业方式", "未就业原因",
};
static const char *const ledger_key[] = {
	"seq", "district", "township", "village", "name", "id_number", "phone",
	"prev_region", "prev_address", "prev_industry", "return_date",
	"return_reason", "wants_work", "wanted_industry", "wanted_place",
	"guidance_count", "job_offer_count", "training_count", "employed",
	"work_place", "work_industry", "employment_mode", "unemployed_reason",
};
enum {
	SEQ, DIST, TOWN, VILL, NAME, ID, PHONE, PREV_REGION, PREV_ADDR,
	PREV_IND, RET_DATE, RET_REASON, WANTS, WANT_IND, WANT_PLACE, GUIDE,
	OFFERS, TRAIN, EMPLOYED, WORK_PLACE, WORK_IND, MODE, UREASON, NLF
};
static const char *const roster_hdr[] = {
	"序号", "区县", "乡镇", "村社", "姓名", "身份证号码", "联系电话", "人员类别",
	"户编号", "务工地区", "务工单位", "从事行业", "外出务工时间", "就业状态",
	"返乡时间",
};
enum {
	R_SEQ, R_DIST, R_TOWN, R_VILL, R_NAME, R_ID, R_PHONE, R_CAT, R_HH,
	R_REGION, R_EMPLOYER, R_IND, R_DEP, R_STATUS, R_RET, NRF
};

/* ---- runtime tables ----------------------------------------------------- */

struct town {
	const char *name;
	const char **vill;
	int nvill;
	int vbase;		/* index of the first village overall */
};
struct district {
	const char *name;
	const char *codes[2];
	int ncodes;
	int code_idx[2];
	struct town *towns;
	int ntowns;
};
struct region {
	const char *name;
	const char **subs;
	int nsubs;
	const char *city;	/* for employer names: 东莞市, 上海 */
};
struct industry {
	const char **suf;
	int nsuf;
};

static struct district dist[NDIST];
static struct region reg[NREG];
static struct industry ind[NIND];
static const char **brand;
static int nbrand;
static int nvillages;
static char all_codes[64][7];
static int ncodes_all;
static int code_sum[64];

struct pick {
	int *flat;
	int n;
};
static struct pick dist_pick, reg_pick_ledger, reg_pick_roster, ind_pick,
    year_pick, reason_pick, mode_pick, surname_pick, cat_pick, size_pick,
    head_year_pick, status_pick;
static const char **surnames;
static int nsurnames;

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		perror("gen");
		exit(2);
	}
	return p;
}

/* dst = a b (fast: no printf in the hot path) */
static void
cat2(char *dst, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb > 191)
		lb = la > 191 ? 0 : 191 - la;
	if (la > 191)
		la = 191;
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb);
	dst[la + lb] = '\0';
}

static void
setnum(char *dst, long v)
{
	char t[24];
	int n = 0, i = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		t[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		dst[i++] = '-';
	while (n > 0)
		dst[i++] = t[--n];
	dst[i] = '\0';
}

/* Split a space-separated list into a fresh array of fresh strings. */
static const char **
split(const char *s, int *n)
{
	const char **v = xmalloc((strlen(s) / 2 + 2) * sizeof(*v));
	int k = 0;

	while (*s) {
		const char *e;
		char *w;

		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e && *e != ' '; e++)
			;
		w = xmalloc((size_t)(e - s) + 1);
		memcpy(w, s, (size_t)(e - s));
		w[e - s] = '\0';
		v[k++] = w;
		s = e;
	}
	*n = k;
	return v;
}

/* One CJK character (3 bytes in UTF-8) of a string as an index. */
static int
ncjk(const char *s)
{
	return (int)(strlen(s) / 3);
}

static void
pick_add(struct pick *p, int item, int w)
{
	p->flat = realloc(p->flat, (size_t)(p->n + w) * sizeof(int));
	if (p->flat == NULL) {
		perror("gen");
		exit(2);
	}
	while (w-- > 0)
		p->flat[p->n++] = item;
}

static int
pick(struct pick *p, rng *r)
{
	return p->flat[below(r, (uint32_t)p->n)];
}

static int
psum(const char *d, const int *w, int n)
{
	int s = 0, i;

	for (i = 0; i < n; i++)
		s += (d[i] - '0') * w[i];
	return s;
}

static const int idw[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4,
	2 };
static const char checkc[] = "10X98765432";

static char
check_char(const char *d17)
{
	return checkc[psum(d17, idw, 17) % 11];
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void
region_pick(struct pick *p, double cq_share)
{
	int i, out_w = 0, cq_w = 0;
	double k;

	for (i = 0; i < NREG; i++) {
		if (regdef[i].cq)
			cq_w += regdef[i].w;
		else
			out_w += regdef[i].w;
	}
	k = cq_share * out_w / ((1 - cq_share) * cq_w);
	for (i = 0; i < NREG; i++) {
		int w = regdef[i].w * 4;

		if (regdef[i].cq) {
			w = (int)(regdef[i].w * 4 * k + 0.5);
			if (w < 1)
				w = 1;
		}
		pick_add(p, i, w);
	}
}

static void
init_tables(void)
{
	const char **vst, **cst;
	int nvst, ncst, i, j, k, y;
	rng pr;

	seed_rng(&pr, 20220425, 0);	/* fixed: the same places for every seed */
	vst = split(village_stems, &nvst);
	cst = split(community_stems, &ncst);
	for (i = 0; i < NDIST; i++) {
		struct district *d = &dist[i];
		const char **tn;
		int nt;

		d->name = ddef[i].name;
		d->codes[0] = d->codes[1] = NULL;
		tn = split(ddef[i].codes, &d->ncodes);
		for (j = 0; j < d->ncodes && j < 2; j++)
			d->codes[j] = tn[j];
		tn = split(ddef[i].towns, &nt);
		d->ntowns = nt;
		d->towns = xmalloc((size_t)nt * sizeof(*d->towns));
		for (j = 0; j < nt; j++) {
			struct town *t = &d->towns[j];
			size_t tl = strlen(tn[j]);
			int n = 3 + (int)below(&pr, 4), ncom, perm[64];

			t->name = tn[j];
			if (tl >= 6 && strcmp(tn[j] + tl - 6, "街道") == 0)
				ncom = 2 + (int)below(&pr, (uint32_t)(n - 1));
			else
				ncom = (int)below(&pr, 2);
			t->vill = xmalloc((size_t)n * sizeof(char *));
			t->nvill = n;
			t->vbase = nvillages;
			nvillages += n;
			for (k = 0; k < ncst; k++)
				perm[k] = k;
			for (k = 0; k < ncom; k++) {	/* partial shuffle */
				int x = k + (int)below(&pr, (uint32_t)(ncst - k));
				int tmp = perm[k];
				char *v;

				perm[k] = perm[x];
				perm[x] = tmp;
				v = xmalloc(strlen(cst[perm[k]]) + 8);
				sprintf(v, "%s社区", cst[perm[k]]);
				t->vill[k] = v;
			}
			for (k = 0; k < nvst; k++)
				perm[k] = k;
			for (k = 0; k < n - ncom; k++) {
				int x = k + (int)below(&pr, (uint32_t)(nvst - k));
				int tmp = perm[k];
				char *v;

				perm[k] = perm[x];
				perm[x] = tmp;
				v = xmalloc(strlen(vst[perm[k]]) + 8);
				sprintf(v, "%s村", vst[perm[k]]);
				t->vill[ncom + k] = v;
			}
		}
		pick_add(&dist_pick, i, ddef[i].w);
	}
	/* every ID area code, sorted, with its partial check sum */
	for (i = 0; i < NDIST; i++)
		for (j = 0; j < dist[i].ncodes; j++) {
			for (k = 0; k < ncodes_all; k++)
				if (strcmp(all_codes[k], dist[i].codes[j]) == 0)
					break;
			if (k == ncodes_all)
				strcpy(all_codes[ncodes_all++], dist[i].codes[j]);
		}
	qsort(all_codes, (size_t)ncodes_all, sizeof(all_codes[0]), cmpstr);
	for (k = 0; k < ncodes_all; k++)
		code_sum[k] = psum(all_codes[k], idw, 6);
	for (i = 0; i < NDIST; i++)
		for (j = 0; j < dist[i].ncodes; j++)
			for (k = 0; k < ncodes_all; k++)
				if (strcmp(all_codes[k], dist[i].codes[j]) == 0)
					dist[i].code_idx[j] = k;

	for (i = 0; i < NREG; i++) {
		const char *n = regdef[i].name, *p;
		char *c = xmalloc(strlen(n) + 1);

		reg[i].name = n;
		reg[i].subs = split(regdef[i].subs, &reg[i].nsubs);
		if ((p = strstr(n, "省")) != NULL)
			strcpy(c, p + 3);
		else if ((p = strstr(n, "自治区")) != NULL)
			strcpy(c, p + 9);
		else {
			memcpy(c, n, 6);	/* 上海市浦东新区 -> 上海 */
			c[6] = '\0';
		}
		if ((p = strstr(c, "回族自治州")) != NULL)
			strcpy(c + (p - c), "州");
		reg[i].city = c;
	}
	region_pick(&reg_pick_ledger, 0.12);
	region_pick(&reg_pick_roster, 0.15);
	for (i = 0; i < NIND; i++) {
		ind[i].suf = split(inddef[i].suffixes, &ind[i].nsuf);
		pick_add(&ind_pick, i, inddef[i].w);
	}
	brand = split(brands, &nbrand);

	nsurnames = ncjk(common_surnames) + ncjk(other_surnames) + 1;
	surnames = xmalloc((size_t)nsurnames * sizeof(char *));
	for (i = 0, k = 0; i < ncjk(common_surnames); i++, k++) {
		char *s = xmalloc(4);

		memcpy(s, common_surnames + 3 * i, 3);
		s[3] = '\0';
		surnames[k] = s;
		pick_add(&surname_pick, k, 4);
	}
	for (i = 0; i < ncjk(other_surnames); i++, k++) {
		char *s = xmalloc(4);

		memcpy(s, other_surnames + 3 * i, 3);
		s[3] = '\0';
		surnames[k] = s;
		pick_add(&surname_pick, k, 1);
	}
	surnames[k] = "欧阳";
	pick_add(&surname_pick, k, 1);

	for (y = 1958; y <= 2004; y++) {
		pick_add(&year_pick, y, y < 1965 ? 1 : y < 1970 ? 2 :
		    y < 1995 ? 3 : y < 2001 ? 2 : 1);
		if (y <= 1985)
			pick_add(&head_year_pick, y, y < 1965 ? 1 :
			    y < 1970 ? 2 : 3);
	}
	pick_add(&reason_pick, 1, 25);
	pick_add(&reason_pick, 2, 5);
	pick_add(&reason_pick, 3, 15);
	pick_add(&reason_pick, 4, 45);
	pick_add(&reason_pick, 5, 10);
	pick_add(&mode_pick, 1, 10);
	pick_add(&mode_pick, 2, 15);
	pick_add(&mode_pick, 3, 15);
	pick_add(&mode_pick, 4, 5);
	pick_add(&mode_pick, 5, 45);
	pick_add(&mode_pick, 6, 10);
	pick_add(&cat_pick, 0, 30);
	pick_add(&cat_pick, 1, 5);
	pick_add(&cat_pick, 2, 10);
	pick_add(&cat_pick, 3, 55);
	pick_add(&size_pick, 1, 25);
	pick_add(&size_pick, 2, 35);
	pick_add(&size_pick, 3, 25);
	pick_add(&size_pick, 4, 15);
	pick_add(&status_pick, 0, 9);
	pick_add(&status_pick, 1, 1);
}

static const char *const categories[] = { "脱贫人口", "防止返贫监测对象",
	"农村低收入人口", "其他" };

/* ---- unique IDs ---------------------------------------------------------- */

static uint64_t *idset;
static size_t idcap, idcount;

static int
idset_add(uint64_t k)	/* 1 new, 0 seen */
{
	size_t i;

	if (2 * (idcount + 1) > idcap) {
		uint64_t *old = idset;
		size_t oc = idcap, j;

		idcap = idcap ? 2 * idcap : 1 << 16;
		idset = calloc(idcap, sizeof(uint64_t));
		if (idset == NULL) {
			perror("gen");
			exit(2);
		}
		for (j = 0; j < oc; j++)
			if (old[j]) {
				i = (size_t)(old[j] * 0x9e3779b97f4a7c15ULL >>
				    20) & (idcap - 1);
				while (idset[i])
					i = (i + 1) & (idcap - 1);
				idset[i] = old[j];
			}
		free(old);
	}
	i = (size_t)(k * 0x9e3779b97f4a7c15ULL >> 20) & (idcap - 1);
	while (idset[i]) {
		if (idset[i] == k)
			return 0;
		i = (i + 1) & (idcap - 1);
	}
	idset[i] = k;
	idcount++;
	return 1;
}

/* A fresh valid 18-character ID for someone of district d; year 0 = any. */
static void
make_id(rng *r, int d, int male, int year, char *out)
{
	const struct district *ds = &dist[d];

	for (;;) {
		int ci, y, m, dd, q, ndays;
		int32_t b;

		if (rnd(r) < 0.08)
			ci = (int)below(r, (uint32_t)ncodes_all);
		else
			ci = ds->ncodes > 1 && rnd(r) < 0.15 ?
			    ds->code_idx[1] : ds->code_idx[0];
		y = year ? year : pick(&year_pick, r);
		ndays = 365 + leap(y);
		b = days_from(y, 1, 1) + (int32_t)below(r, (uint32_t)ndays);
		q = male ? 2 * (int)below(r, 500) + 1 :
		    2 * (int)below(r, 499) + 2;
		if (!idset_add((uint64_t)ci << 40 |
		    (uint64_t)(b + 100000) << 10 | (uint64_t)q))
			continue;
		civil(b, &y, &m, &dd);
		memcpy(out, all_codes[ci], 6);
		out[6] = (char)('0' + y / 1000);
		out[7] = (char)('0' + y / 100 % 10);
		out[8] = (char)('0' + y / 10 % 10);
		out[9] = (char)('0' + y % 10);
		out[10] = (char)('0' + m / 10);
		out[11] = (char)('0' + m % 10);
		out[12] = (char)('0' + dd / 10);
		out[13] = (char)('0' + dd % 10);
		out[14] = (char)('0' + q / 100);
		out[15] = (char)('0' + q / 10 % 10);
		out[16] = (char)('0' + q % 10);
		out[17] = checkc[(code_sum[ci] + psum(out + 6, idw + 6, 11)) %
		    11];
		out[18] = '\0';
		return;
	}
}

static void
mobile(rng *r, char *out)
{
	uint32_t n = below(r, 100000000);
	int i;

	memcpy(out, mobile_prefix[below(r, sizeof(mobile_prefix) /
	    sizeof(mobile_prefix[0]))], 3);
	for (i = 10; i >= 3; i--) {
		out[i] = (char)('0' + n % 10);
		n /= 10;
	}
	out[11] = '\0';
}

static void
person_name(rng *r, int male, const char *surname, char *out)
{
	const char *pool = male ? given_m : given_f;
	int np = ncjk(pool), n, i;
	size_t l;

	if (surname == NULL)
		surname = surnames[pick(&surname_pick, r)];
	l = strlen(surname);
	memcpy(out, surname, l);
	n = l == 6 || rnd(r) < 0.35 ? 1 : 2;
	for (i = 0; i < n; i++) {
		memcpy(out + l, pool + 3 * below(r, (uint32_t)np), 3);
		l += 3;
	}
	out[l] = '\0';
}

static void
company(rng *r, int in, char *out)
{
	const char *b = brand[below(r, (uint32_t)nbrand)];

	cat2(out, b, ind[in].suf[below(r, (uint32_t)ind[in].nsuf)]);
}

/* Work address such as 宝安区鸿达电子有限公司; about 1% need CSV quoting. */
static void
address(rng *r, int rg, int in, char *out)
{
	const char *sub = reg[rg].subs[below(r, (uint32_t)reg[rg].nsubs)];
	double x = rnd(r);

	if (x < 0.008)
		sprintf(out, "%s%s工业园,%d栋", sub,
		    brand[below(r, (uint32_t)nbrand)], 1 + (int)below(r, 12));
	else if (x < 0.01)
		sprintf(out, "%s\"%s\"%s", sub,
		    brand[below(r, (uint32_t)nbrand)], ind[in].suf[0]);
	else {
		size_t l = strlen(sub);

		memcpy(out, sub, l);
		company(r, in, out + l);
	}
}

/* ---- output -------------------------------------------------------------- */

#define OBUFSZ	(1 << 20)
static char obuf[OBUFSZ + 65536];
static size_t olen;
static int tsv, crlf;

static void
oflush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
		perror("gen: write");
		exit(2);
	}
	olen = 0;
}

static void
oput(const char *s, size_t n)
{
	if (olen + n > OBUFSZ) {
		oflush();
		if (n > OBUFSZ) {
			fwrite(s, 1, n, stdout);
			return;
		}
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

/* One field, quoted (CSV) or escaped (TSV) when it needs it. */
static void
ofield(const char *s, int first)
{
	size_t n, i;
	int special = 0;
	unsigned char c;

	if (!first)
		oput(tsv ? "\t" : ",", 1);
	if (olen + 192 <= OBUFSZ) {	/* fast path: copy while scanning */
		char *o = obuf + olen;

		for (i = 0; (c = (unsigned char)s[i]) != 0; i++) {
			if (c < 0x2d && (c == '"' || c == ',' || c == '\n' ||
			    c == '\r' || c == '\t')) {
				special = 1;
				break;
			}
			if (c == '\\') {
				special = 1;
				break;
			}
			o[i] = (char)c;
		}
		if (!special) {
			olen += i;
			return;
		}
	}
	n = strlen(s);
	for (i = 0; i < n && !special; i++) {
		c = (unsigned char)s[i];
		special = c == '"' || c == ',' || c == '\n' || c == '\r' ||
		    c == '\t' || c == '\\';
	}
	if (!special) {
		oput(s, n);
		return;
	}
	if (tsv) {
		for (i = 0; i < n; i++)
			switch (s[i]) {
			case '\t': oput("\\t", 2); break;
			case '\n': oput("\\n", 2); break;
			case '\r': oput("\\r", 2); break;
			case '\\': oput("\\\\", 2); break;
			default: oput(s + i, 1);
			}
		return;
	}
	if (strpbrk(s, "\",\n\r") == NULL) {	/* a backslash is fine in CSV */
		oput(s, n);
		return;
	}
	oput("\"", 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			oput("\"", 1);
		oput(s + i, 1);
	}
	oput("\"", 1);
}

static void
oend(void)
{
	if (crlf)
		oput("\r\n", 2);
	else
		oput("\n", 1);
}

/* --broken-quotes RATE: about RATE of the rows get a quote that never
 * closes, opened before the name (the fifth cell) and followed by text,
 * so no later quote closes it either (SPEC 7's worst case). */
static double broken;
static rng brk;

static void
orow(char f[][192], int n)
{
	int i, b = broken > 0 && rnd(&brk) < broken;

	for (i = 0; i < n; i++) {
		if (b && i == (n > 4 ? 4 : n - 1)) {
			oput(tsv ? "\t\"" : ",\"", 2);
			oput(f[i], strlen(f[i]));
			continue;
		}
		ofield(f[i], i == 0);
	}
	oend();
}

static void
oheader(const char *const *h, int n)
{
	int i;

	for (i = 0; i < n; i++)
		ofield(h[i], i == 0);
	oend();
}

/* ---- the ledger ---------------------------------------------------------- */

struct lrow {
	char f[NLF][192];
	int d, t, rg;
	int32_t ret;
	int filled;
};

static int32_t g_today, g_wed;
static const int32_t *ledger_dates;	/* return dates, weighted by month */
static int nledger_dates;

static void
set(char *dst, const char *s)
{
	size_t n = strlen(s);

	if (n > 191)
		n = 191;
	memcpy(dst, s, n);
	dst[n] = '\0';
}


/* Columns 13-23 so that R1-R7 hold; wants/employed/ureason >= 0 force. */
static void
fill_weekly(rng *r, struct lrow *row, int wants, int employed, int ureason)
{
	char (*f)[192] = row->f;
	char reason = f[RET_REASON][0];
	int n[3], i;
	double x;

	if (wants < 0)
		wants = reason == '5' ? 0 :
		    rnd(r) < (reason == '3' ? 0.4 : 0.9);
	if (employed < 0)
		employed = wants && rnd(r) < (reason == '1' || reason == '2' ?
		    0.8 : 0.55);
	if (!employed && ureason < 0)
		ureason = wants ? (rnd(r) < 0.6 ? 1 : 2) :
		    (rnd(r) < 0.9 ? 3 : 2);
	set(f[WANTS], wants ? "是" : "否");
	set(f[EMPLOYED], employed ? "是" : "否");
	f[WANT_IND][0] = f[WANT_PLACE][0] = '\0';
	if (wants) {
		set(f[WANT_IND], inddef[pick(&ind_pick, r)].term);
		x = rnd(r);
		if (x < 0.4)
			cat2(f[WANT_PLACE], f[DIST], f[TOWN]);
		else if (x < 0.6)
			set(f[WANT_PLACE], f[DIST]);
		else if (x < 0.7)
			set(f[WANT_PLACE], "重庆市主城区");
		else
			set(f[WANT_PLACE], f[PREV_REGION]);
	}
	n[0] = (int)below(r, 3);
	n[1] = (int)below(r, 7);
	n[2] = (int)below(r, 3);
	if (ureason == 1 && n[0] + n[1] + n[2] == 0)	/* R4 */
		n[0] = 1;
	if (ureason == 2)				/* R5 */
		n[0] = n[1] = n[2] = 0;
	for (i = 0; i < 3; i++)
		setnum(f[GUIDE + i], n[i]);
	if (ureason == 2 && rnd(r) < 0.2)
		f[GUIDE][0] = f[OFFERS][0] = f[TRAIN][0] = '\0';
	if (employed) {					/* R1 */
		if (reason == '1' || rnd(r) < 0.3)
			set(f[WORK_PLACE], f[PREV_REGION]);
		else
			cat2(f[WORK_PLACE], f[DIST], f[TOWN]);
		set(f[WORK_IND], inddef[pick(&ind_pick, r)].term);
		setnum(f[MODE], reason == '2' && rnd(r) < 0.8 ? 4 :
		    pick(&mode_pick, r));
		f[UREASON][0] = '\0';
	} else {					/* R2 */
		f[WORK_PLACE][0] = f[WORK_IND][0] = f[MODE][0] = '\0';
		setnum(f[UREASON], ureason);
	}
	row->filled = 1;
}

static void
make_ledger_row(rng *r, struct lrow *row, long seq, int year)
{
	char (*f)[192] = row->f;
	int d = pick(&dist_pick, r), t, male, rg, in;
	const struct town *tw;

	t = (int)below(r, (uint32_t)dist[d].ntowns);
	tw = &dist[d].towns[t];
	row->d = d;
	row->t = t;
	setnum(f[SEQ], seq);
	set(f[DIST], dist[d].name);
	set(f[TOWN], tw->name);
	set(f[VILL], tw->vill[below(r, (uint32_t)tw->nvill)]);
	male = rnd(r) < 0.62;
	rg = pick(&reg_pick_ledger, r);
	row->rg = rg;
	in = pick(&ind_pick, r);
	row->ret = ledger_dates[below(r, (uint32_t)nledger_dates)];
	person_name(r, male, NULL, f[NAME]);
	make_id(r, d, male, year, f[ID]);
	mobile(r, f[PHONE]);
	set(f[PREV_REGION], reg[rg].name);
	address(r, rg, in, f[PREV_ADDR]);
	set(f[PREV_IND], inddef[in].term);
	isodate(f[RET_DATE], row->ret);
	setnum(f[RET_REASON], pick(&reason_pick, r));
	for (int i = WANTS; i < NLF; i++)
		f[i][0] = '\0';
	row->filled = 0;
	/* after the last Wednesday the weekly columns may wait */
	if (row->ret <= g_wed || rnd(r) < 0.3)
		fill_weekly(r, row, -1, -1, -1);
}

static const char *const kinds[] = {
	"id_checksum", "id_birthdate", "id_region", "id_length",
	"date_impossible", "date_before_start", "date_future",
	"missing_required", "bad_code", "rule_R1", "rule_R4", "rule_R5",
	"rule_R6", "dup_id", "bad_phone",
};
enum {
	K_ID_CHECKSUM, K_ID_BIRTH, K_ID_REGION, K_ID_LENGTH, K_DATE_IMPOSSIBLE,
	K_DATE_EARLY, K_DATE_FUTURE, K_MISSING, K_BAD_CODE, K_R1, K_R4, K_R5,
	K_R6, K_DUP, K_BAD_PHONE, NKINDS
};

static const char *const bad_provinces[] = { "00", "10", "16", "19", "20",
	"24", "29", "30", "38", "40", "47", "49", "55", "56", "60", "66", "70",
	"80", "84", "90", "99" };

#define POOLMAX 4096
static char (*pool)[19];
static int npool;

static const char *
choose(rng *e, const char *list)	/* one word of a space-separated list */
{
	static char w[64];
	const char *p = list, *q;
	int n = 1, k;

	for (q = list; *q; q++)
		n += *q == ' ';
	k = (int)below(e, (uint32_t)n);
	while (k-- > 0)
		p = strchr(p, ' ') + 1;
	q = strchr(p, ' ');
	if (q == NULL)
		q = p + strlen(p);
	memcpy(w, p, (size_t)(q - p));
	w[q - p] = '\0';
	return w;
}

static const int32_t stat_start_days = 19052;	/* 2022-03-01 */

/* Give a clean row exactly one defect; returns the field index. */
static int
inject(int kind, rng *e, struct lrow *row)
{
	char (*f)[192] = row->f;
	char *id = f[ID], body[20];
	int field = ID, y, k, cols[16], nc = 0;

	if (!row->filled)	/* weekly columns present: nothing else hangs */
		fill_weekly(e, row, -1, -1, -1);
	switch (kind) {
	case K_ID_CHECKSUM: {
		char c;

		do
			c = checkc[below(e, 11)];
		while (c == id[17]);
		id[17] = c;
		break;
	}
	case K_ID_BIRTH:
		y = atoi((char[5]){ id[6], id[7], id[8], id[9], 0 });
		k = (int)below(e, leap(y) ? 9 : 10);
		memcpy(id + 10, (const char *[]){ "1315", "0012", "0532",
		    "0700", "0230", "0431", "0931", "1131", "0631",
		    "0229" }[k], 4);
		id[17] = check_char(id);
		break;
	case K_ID_REGION:
		memcpy(id, bad_provinces[below(e, sizeof(bad_provinces) /
		    sizeof(bad_provinces[0]))], 2);
		id[17] = check_char(id);
		break;
	case K_ID_LENGTH:
		k = (int)below(e, 17);
		strcpy(body, id);
		switch (below(e, 3)) {
		case 0:
			memmove(body + k, body + k + 1, strlen(body + k));
			break;
		case 1:
			memmove(body + k + 1, body + k, strlen(body + k) + 1);
			body[k] = (char)('0' + below(e, 10));
			break;
		default:
			memmove(body, body + 2, strlen(body + 2) + 1);
		}
		set(id, body);
		break;
	case K_DUP:
		k = (int)below(e, (uint32_t)npool);
		memcpy(id, pool[k], 19);
		memcpy(pool[k], pool[--npool], 19);
		break;
	case K_DATE_IMPOSSIBLE: {
		static const char *const md[] = { "02-30", "02-31", "04-31",
			"06-31", "09-31", "11-31", "02-29" };
		int yy, mm, dd;

		civil(row->ret, &yy, &mm, &dd);
		k = (int)below(e, leap(yy) ? 6 : 7);
		sprintf(f[RET_DATE], "%d-%s", yy, md[k]);
		field = RET_DATE;
		break;
	}
	case K_DATE_EARLY:
		isodate(f[RET_DATE], stat_start_days - 1 -
		    (int32_t)below(e, 400));
		field = RET_DATE;
		break;
	case K_DATE_FUTURE:
		isodate(f[RET_DATE], g_today + 1 + (int32_t)below(e, 365));
		field = RET_DATE;
		break;
	case K_MISSING: {
		static const int req[] = { DIST, TOWN, VILL, NAME, ID, PHONE,
			PREV_REGION, RET_DATE, RET_REASON };

		for (k = 0; k < 9; k++)
			cols[nc++] = req[k];
		if (row->ret <= g_wed) {
			cols[nc++] = EMPLOYED;
			if (strcmp(f[UREASON], "3") != 0)
				cols[nc++] = WANTS;
		}
		field = cols[below(e, (uint32_t)nc)];
		f[field][0] = '\0';
		break;
	}
	case K_BAD_CODE: {
		const char *vals[3];
		int fl[3], n = 0;

		fl[n] = RET_REASON;
		vals[n++] = "0 6 7 9 12 其他";
		if (strcmp(f[EMPLOYED], "是") == 0) {
			fl[n] = MODE;
			vals[n++] = "0 7 8 9 其他";
		} else {
			fl[n] = UREASON;
			vals[n++] = "0 4 5 9";
		}
		if (strcmp(f[UREASON], "3") != 0) {
			fl[n] = WANTS;
			vals[n++] = "Y N 1 0 有 没有";
		}
		k = (int)below(e, (uint32_t)n);
		field = fl[k];
		set(f[field], choose(e, vals[k]));
		break;
	}
	case K_R1: {	/* employed, but a work column missing or a reason */
		static const int c4[] = { WORK_PLACE, WORK_IND, MODE, UREASON };
		int positive = 0;

		fill_weekly(e, row, -1, 1, -1);
		field = c4[below(e, 4)];
		for (k = GUIDE; k <= TRAIN; k++)
			if (f[k][0] && strcmp(f[k], "0") != 0)
				positive = 1;
		if (field == UREASON)
			set(f[field], positive ? "1" : "2");
		else
			f[field][0] = '\0';
		break;
	}
	case K_R4:	/* "helped but not employed" with no help recorded */
		fill_weekly(e, row, -1, 0, 1);
		set(f[GUIDE], below(e, 2) ? "0" : "");
		set(f[OFFERS], f[GUIDE]);
		set(f[TRAIN], f[GUIDE]);
		field = UREASON;
		break;
	case K_R5:	/* "not helped" with help recorded */
		fill_weekly(e, row, -1, 0, 2);
		field = GUIDE + (int)below(e, 3);
		setnum(f[field], 1 + below(e, 3));
		break;
	case K_R6:	/* "no wish to work" but wants work */
		if (f[RET_REASON][0] == '5')
			set(f[RET_REASON], "4");	/* keep R7 out of it */
		fill_weekly(e, row, 1, 0, 3);
		field = WANTS;
		break;
	case K_BAD_PHONE: {
		char p[32];

		set(p, f[PHONE]);
		switch (below(e, 5)) {
		case 0: p[10] = '\0'; break;			/* 10 digits */
		case 1: sprintf(f[PHONE], "%s%d", p, (int)below(e, 10));
			return PHONE;				/* 12 digits */
		case 2: p[0] = '1'; p[1] = '2'; break;		/* no such */
		case 3: p[0] = '1'; p[1] = '0'; break;
		default: p[3] = 'O'; break;			/* letter O */
		}
		set(f[PHONE], p);
		field = PHONE;
		break;
	}
	}
	return field;
}

/* --mutate: the other system's copy of a row.  Returns 0 drop the row,
 * 1 keep it, 2 keep it and add a new person after it (in *extra). */
static int
mutate(rng *m, struct lrow *row, struct lrow *extra, long seq)
{
	char (*f)[192] = row->f;
	const struct town *tw = &dist[row->d].towns[row->t];
	size_t l;

	switch (below(m, 10)) {
	case 0:
		return 0;
	case 1:
		/* born 2005: outside the years of the clean stream, so the
		 * new IDs never collide with the clean ones */
		make_ledger_row(m, extra, seq, 2005);
		return 2;
	case 2:
	case 3:
		mobile(m, f[PHONE]);
		break;
	case 4:
		set(f[VILL], tw->vill[below(m, (uint32_t)tw->nvill)]);
		break;
	case 5:
	case 6:
	case 7:
		fill_weekly(m, row, -1, -1, -1);
		break;
	case 8:		/* a different given name */
		l = strlen(f[NAME]);
		memcpy(f[NAME] + l - 3, given_m + 3 * below(m,
		    (uint32_t)ncjk(given_m)), 3);
		break;
	default: {	/* return date a few days off, still in range */
		int32_t d = row->ret + (int32_t)below(m, 21) - 10;

		if (d >= stat_start_days && d < g_today)
			isodate(f[RET_DATE], d);
		break;
	}
	}
	return 1;
}

/* ---- the roster ------------------------------------------------------------ */

static const int32_t *roster_dates;
static int nroster_dates;

struct roster {
	rng *r;
	long rows, seq;
	int *hh_count;
	/* the household being written */
	int left, k, d, t, v, cat, head_male, head_year, head_rg;
	const char *surname;
	char head_phone[16];
	int32_t yesterday;
};

/* Next roster row into f; 0 when rows are exhausted. */
static int
roster_next(struct roster *s, char f[][192])
{
	rng *r = s->r;
	int male, year, rg, in;
	const char *sname;
	char tmp[192];
	int32_t dep;

	if (s->seq >= s->rows)
		return 0;
	if (s->left == 0) {	/* a new household */
		const struct district *ds;

		s->d = pick(&dist_pick, r);
		ds = &dist[s->d];
		s->t = (int)below(r, (uint32_t)ds->ntowns);
		s->v = (int)below(r, (uint32_t)ds->towns[s->t].nvill);
		s->hh_count[ds->towns[s->t].vbase + s->v]++;
		s->cat = pick(&cat_pick, r);
		s->surname = surnames[pick(&surname_pick, r)];
		s->head_male = rnd(r) < 0.7;
		s->head_year = pick(&head_year_pick, r);
		s->head_rg = pick(&reg_pick_roster, r);
		s->head_phone[0] = '\0';
		s->left = pick(&size_pick, r);
		if (s->left > s->rows - s->seq)
			s->left = (int)(s->rows - s->seq);
		s->k = 0;
	}
	if (s->k == 0) {		/* head of household */
		male = s->head_male;
		sname = s->surname;
		year = s->head_year;
	} else if (s->k == 1) {		/* spouse: other surname, similar age */
		male = !s->head_male;
		sname = NULL;
		year = s->head_year + (int)below(r, 9) - 4;
		year = year < 1958 ? 1958 : year > 1985 ? 1985 : year;
	} else {			/* grown-up children */
		male = rnd(r) < 0.55;
		sname = s->surname;
		year = s->head_year + 20 + (int)below(r, 10);
		if (year > 2004)
			year = 2004;
	}
	rg = rnd(r) < 0.6 ? s->head_rg : pick(&reg_pick_roster, r);
	in = pick(&ind_pick, r);
	if (s->head_phone[0] && rnd(r) < 0.1)
		set(f[R_PHONE], s->head_phone);
	else
		mobile(r, f[R_PHONE]);
	if (s->head_phone[0] == '\0')
		set(s->head_phone, f[R_PHONE]);
	dep = roster_dates[below(r, (uint32_t)nroster_dates)];
	f[R_RET][0] = '\0';
	if (rnd(r) < 0.05 && dep < s->yesterday)
		isodate(f[R_RET], dep + 1 +
		    (int32_t)below(r, (uint32_t)(s->yesterday - dep)));
	s->seq++;
	setnum(f[R_SEQ], s->seq);
	set(f[R_DIST], dist[s->d].name);
	set(f[R_TOWN], dist[s->d].towns[s->t].name);
	set(f[R_VILL], dist[s->d].towns[s->t].vill[s->v]);
	person_name(r, male, sname, f[R_NAME]);
	make_id(r, s->d, male, year, f[R_ID]);
	set(f[R_CAT], categories[s->cat]);
	sprintf(f[R_HH], "50%02d%02d%02d%06d", s->d + 1, s->t + 1, s->v + 1,
	    s->hh_count[dist[s->d].towns[s->t].vbase + s->v] % 1000000);
	set(f[R_REGION], reg[rg].name);
	if (rnd(r) < 0.04)
		set(f[R_EMPLOYER], choose(r, "个体经营 灵活就业 零工"));
	else {
		company(r, in, tmp);
		snprintf(f[R_EMPLOYER], 192, "%s%s", reg[rg].city, tmp);
	}
	set(f[R_IND], inddef[in].term);
	isodate(f[R_DEP], dep);
	set(f[R_STATUS], pick(&status_pick, r) == 0 ? "在岗" : "失业");
	s->k++;
	s->left--;
	return 1;
}

/* ---- main ------------------------------------------------------------------- */

static void
usage(FILE *fp)
{
	fputs("usage: gen [--rows N] [--seed S] [--today YYYY-MM-DD] "
	    "[--format csv|tsv] [--crlf] [--bom]\n"
	    "           [--errors RATE] [--truth FILE] [--mutate RATE]\n"
	    "           [--broken-quotes RATE]\n"
	    "       gen --roster [--rows N] ...\n"
	    "       gen --ids N [--rows R] ...      (IDs of an R-row roster)\n"
	    "       gen --update N [--rows R] ...   (weekly update of an "
	    "R-row ledger)\n", fp);
}

static double
num(const char *s, const char *what, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "gen: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

/* Selection sampling (Knuth's algorithm S): take the next of R items? */
static int
select_next(rng *s, long *need, long *left)
{
	int take = (double)*need > rnd(s) * (double)*left;

	(*left)--;
	if (take)
		(*need)--;
	return take;
}

static int32_t *
date_table(int32_t from, int32_t to, const int *month_w, int *n)
{
	int32_t d, *v;
	int k = 0, y, m, dd, w;

	v = xmalloc((size_t)(to - from + 1) * 4 * sizeof(*v) + 4);
	for (d = from; d <= to; d++) {
		civil(d, &y, &m, &dd);
		for (w = month_w[m]; w > 0; w--)
			v[k++] = d;
	}
	*n = k;
	return v;
}

int
main(int argc, char **argv)
{
	enum { O_ROWS = 256, O_SEED, O_ERRORS, O_TODAY, O_FORMAT, O_ROSTER,
		O_IDS, O_UPDATE, O_MUTATE, O_TRUTH, O_CRLF, O_BOM, O_HELP,
		O_BROKEN };
	static const struct option lo[] = {
		{ "rows", required_argument, NULL, O_ROWS },
		{ "seed", required_argument, NULL, O_SEED },
		{ "errors", required_argument, NULL, O_ERRORS },
		{ "today", required_argument, NULL, O_TODAY },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "roster", no_argument, NULL, O_ROSTER },
		{ "ids", required_argument, NULL, O_IDS },
		{ "update", required_argument, NULL, O_UPDATE },
		{ "mutate", required_argument, NULL, O_MUTATE },
		{ "truth", required_argument, NULL, O_TRUTH },
		{ "crlf", no_argument, NULL, O_CRLF },
		{ "bom", no_argument, NULL, O_BOM },
		{ "broken-quotes", required_argument, NULL, O_BROKEN },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	static const int ledger_month_w[13] = { 0, 1, 1, 2, 3, 3, 2, 1, 1, 1,
		1, 2, 1 };
	static const int roster_month_w[13] = { 0, 1, 3, 2, 1, 1, 1, 1, 1, 1,
		1, 1, 1 };
	long rows = 1000, nids = -1, nupd = -1, i;
	int rows_given = 0, roster = 0, bom = 0, c;
	uint64_t seed = 1;
	double errors = 0, mut = 0;
	const char *today_s = NULL, *truth_path = NULL;
	FILE *truth = NULL;
	rng r, e, m, s;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case O_ROWS:
			rows = (long)num(optarg, "--rows", 0, 1e10);
			rows_given = 1;
			break;
		case O_SEED:
			seed = (uint64_t)num(optarg, "--seed", 0, 1e18);
			break;
		case O_ERRORS:
			errors = num(optarg, "--errors", 0, 1);
			break;
		case O_BROKEN:
			broken = num(optarg, "--broken-quotes", 0, 1);
			break;
		case O_MUTATE:
			mut = num(optarg, "--mutate", 0, 1);
			break;
		case O_TODAY:
			today_s = optarg;
			break;
		case O_FORMAT:
			if (strcmp(optarg, "tsv") == 0)
				tsv = 1;
			else if (strcmp(optarg, "csv") != 0) {
				fprintf(stderr, "gen: --format csv|tsv\n");
				return 2;
			}
			break;
		case O_ROSTER:
			roster = 1;
			break;
		case O_IDS:
			nids = (long)num(optarg, "--ids", 0, 1e10);
			break;
		case O_UPDATE:
			nupd = (long)num(optarg, "--update", 0, 1e10);
			break;
		case O_TRUTH:
			truth_path = optarg;
			break;
		case O_CRLF:
			crlf = 1;
			break;
		case O_BOM:
			bom = 1;
			break;
		case 'h':
		case O_HELP:
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (today_s == NULL)
		today_s = roster || nids >= 0 ? "2025-12-31" : "2022-11-30";
	if ((g_today = parse_iso(today_s)) == INT32_MIN ||
	    g_today <= stat_start_days + 1) {
		fprintf(stderr, "gen: --today: a date after 2022-03-02 "
		    "(YYYY-MM-DD)\n");
		return 2;
	}
	if (nids >= 0 && !rows_given)
		rows = nids;
	if (nupd >= 0 && !rows_given)
		rows = nupd;
	if ((nids >= 0 && nids > rows) || (nupd >= 0 && nupd > rows)) {
		fprintf(stderr, "gen: --ids / --update N must be <= --rows\n");
		return 2;
	}
	g_wed = g_today - 1;	/* the most recent Wednesday before today */
	while (weekday(g_wed) != 3)
		g_wed--;
	init_tables();
	seed_rng(&r, seed, 1);	/* the clean data */
	seed_rng(&e, seed, 2);	/* defects */
	seed_rng(&m, seed, 3);	/* --mutate */
	seed_rng(&s, seed, 4);	/* --ids / --update selection and values */
	seed_rng(&brk, seed, 5);	/* --broken-quotes */
	if (bom)
		oput("\xef\xbb\xbf", 3);

	if (roster || nids >= 0) {
		struct roster st;
		char f[NRF][192];
		int32_t first = days_from(2022, 1, 1), last;
		long need = nids, left = rows;

		last = g_today - 1 < days_from(2025, 12, 31) ? g_today - 1 :
		    days_from(2025, 12, 31);
		roster_dates = date_table(first, last, roster_month_w,
		    &nroster_dates);
		memset(&st, 0, sizeof(st));
		st.r = &r;
		st.rows = rows;
		st.yesterday = g_today - 1;
		st.hh_count = calloc((size_t)nvillages, sizeof(int));
		if (nids >= 0) {
			static const char *const h[] = { "身份证号码" };

			oheader(h, 1);
		} else
			oheader(roster_hdr, NRF);
		while (roster_next(&st, f)) {
			if (nids < 0)
				orow(f, NRF);
			else if (select_next(&s, &need, &left)) {
				ofield(f[R_ID], 1);
				oend();
			}
		}
		oflush();
		return fflush(stdout) == 0 ? 0 : 2;
	}

	ledger_dates = date_table(stat_start_days, g_today - 1, ledger_month_w,
	    &nledger_dates);
	if (nupd >= 0) {
		struct lrow row;
		long need = nupd, left = rows;
		const char *h[12];

		h[0] = ledger_hdr[ID];
		for (c = WANTS; c < NLF; c++)
			h[1 + c - WANTS] = ledger_hdr[c];
		oheader(h, 12);
		for (i = 0; i < rows; i++) {
			make_ledger_row(&r, &row, i + 1, 0);
			if (!select_next(&s, &need, &left))
				continue;
			if (rnd(&s) < 0.005)	/* someone not in the ledger */
				make_ledger_row(&s, &row, i + 1, 2005);
			fill_weekly(&s, &row, -1, -1, -1);
			ofield(row.f[ID], 1);
			for (c = WANTS; c < NLF; c++)
				ofield(row.f[c], 0);
			oend();
		}
		oflush();
		return fflush(stdout) == 0 ? 0 : 2;
	}

	if (truth_path != NULL) {
		if ((truth = fopen(truth_path, "w")) == NULL) {
			perror(truth_path);
			return 2;
		}
		fputs("line,field,kind\n", truth);
	}
	pool = xmalloc(POOLMAX * sizeof(*pool));
	oheader(ledger_hdr, NLF);
	{
		static struct lrow row, extra;
		long line = 1;

		for (i = 0; i < rows; i++) {
			int bad = errors > 0 && rnd(&e) < errors, keep = 1;
			int kind = -1, field = -1;

			make_ledger_row(&r, &row, i + 1, 0);
			if (bad) {
				kind = (int)below(&e, npool ? NKINDS :
				    NKINDS - 1);
				if (kind >= K_DUP && npool == 0)
					kind++;
				field = inject(kind, &e, &row);
			} else if (errors > 0) {
				/* clean IDs that dup_id may repeat */
				if (npool < POOLMAX)
					memcpy(pool[npool++], row.f[ID], 19);
				else
					memcpy(pool[below(&e, POOLMAX)],
					    row.f[ID], 19);
			}
			if (mut > 0 && rnd(&m) < mut)
				keep = mutate(&m, &row, &extra, rows + i + 1);
			if (keep == 0)
				continue;
			line++;
			orow(row.f, NLF);
			if (bad && truth != NULL)
				fprintf(truth, "%ld,%s,%s\n", line,
				    ledger_key[field], kinds[kind]);
			if (keep == 2) {
				line++;
				orow(extra.f, NLF);
			}
		}
	}
	oflush();
	if (truth != NULL && fclose(truth) != 0) {
		perror(truth_path);
		return 2;
	}
	return fflush(stdout) == 0 ? 0 : 2;
}
