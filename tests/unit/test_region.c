/*
 * test_region.c - region texts (SPEC 5.1), province/city names, GB/T 4754
 * sections, industry mapping with the built-in config.
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

static const struct {
	const char *text;
	int ok, prov, city, county;
} regions[] = {
	{ "广东省深圳市", 1, 44, 4403, 0 },
	{ "深圳市", 1, 44, 4403, 0 },
	{ "东莞市", 1, 44, 4419, 0 },
	{ "广东", 1, 44, 0, 0 },
	{ "广东省", 1, 44, 0, 0 },
	{ "广东深圳", 1, 44, 4403, 0 },
	{ "  广东省 东莞市 ", 1, 44, 4419, 0 },
	{ "广东省深圳市宝安区", 1, 44, 4403, 440306 },
	{ "内蒙古包头市", 1, 15, 1502, 0 },
	{ "内蒙古自治区", 1, 15, 0, 0 },
	{ "广西", 1, 45, 0, 0 },
	{ "宁夏银川市", 1, 64, 6401, 0 },
	{ "西藏", 1, 54, 0, 0 },
	{ "重庆市渝北区", 1, 50, 0, 500112 },
	{ "重庆市", 1, 50, 0, 0 },
	{ "重庆渝北", 1, 50, 0, 500112 },
	{ "吉林省吉林市", 1, 22, 2202, 0 },
	{ "吉林市", 1, 22, 2202, 0 },
	{ "吉林省长春市", 1, 22, 2201, 0 },
	{ "吉林省长春市朝阳区", 1, 22, 2201, 220104 },
	{ "吉林", 1, 22, 0, 0 },
	{ "新疆乌鲁木齐市", 1, 65, 6501, 0 },
	{ "新疆维吾尔自治区昌吉回族自治州", 1, 65, 6523, 0 },
	{ "新疆昌吉州", 1, 65, 6523, 0 },
	{ "朝阳区", 0, 0, 0, 0 },
	{ "北京市朝阳区", 1, 11, 0, 110105 },
	{ "北京", 1, 11, 0, 0 },
	{ "上海市浦东新区", 1, 31, 0, 310115 },
	{ "江苏省昆山市", 1, 32, 3205, 320583 },
	{ "昆山市", 1, 32, 3205, 320583 },
	{ "海南省海口市", 1, 46, 4601, 0 },
	{ "海南藏族自治州", 1, 63, 6325, 0 },
	{ "湖北省仙桃市", 1, 42, 0, 429004 },
	{ "浙江省宁波市", 1, 33, 3302, 0 },
	{ "garbage", 0, 0, 0, 0 },
	{ "", 0, 0, 0, 0 },
	{ "不知道", 0, 0, 0, 0 },
	{ "外省", 0, 0, 0, 0 },
};

static const struct {
	const char *text;
	char sec;
} industries[] = {
	{ "电子厂", 'C' }, { "制造业", 'C' }, { "C", 'C' },
	{ "C 制造业", 'C' }, { "C制造业", 'C' }, { "建筑业", 'E' },
	{ "建筑工地", 'E' }, { "装修", 'E' }, { "钢筋工", 'E' },
	{ "快递物流", 'G' }, { "外卖配送", 'G' }, { "交通运输", 'G' },
	{ "餐饮", 'H' }, { "住宿餐饮", 'H' }, { "饭店服务员", 'H' },
	{ "家政服务", 'O' }, { "保安", 'O' }, { "保洁", 'O' },
	{ "物业保洁", 'O' }, { "物业管理", 'K' }, { "批发零售", 'F' },
	{ "服装加工", 'C' }, { "汽车制造", 'C' }, { "汽车维修", 'O' },
	{ "机械加工", 'C' }, { "鞋厂", 'C' }, { "纺织", 'C' },
	{ "食品加工", 'C' }, { "美容美发", 'O' }, { "采矿", 'B' },
	{ "农业种植", 'A' }, { "软件开发", 'I' }, { "医院护工", 'Q' },
	{ "住宿和餐饮业", 'H' }, { "  在深圳电子厂上班 ", 'C' },
	{ "信息传输、软件和信息技术服务业", 'I' }, { "IT", 'I' },
	{ "KTV", 'R' }, { "无", 0 }, { "", 0 }, { "待业", 0 },
};

int
main(void)
{
	lt_config c;
	lt_region r;
	char err[256];
	size_t i;
	int ok;
	char sec;

	for (i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		ok = lt_region_parse(lt_cstr(regions[i].text), &r);
		UNIT_CHECK(ok == regions[i].ok && r.prov == regions[i].prov &&
		    r.city == regions[i].city && r.county == regions[i].county,
		    "region \"%s\": got %d %d %d %d, want %d %d %d %d",
		    regions[i].text, ok, r.prov, r.city, r.county,
		    regions[i].ok, regions[i].prov, regions[i].city,
		    regions[i].county);
	}
	UNIT_CHECK(unit_streq(lt_province_name(44), "广东省"), "name 44");
	UNIT_CHECK(unit_streq(lt_province_name(65), "新疆维吾尔自治区"),
	    "name 65");
	UNIT_CHECK(lt_province_name(99) == NULL, "name 99");
	UNIT_CHECK(unit_streq(lt_city_name(4419), "东莞市"), "city 4419");
	UNIT_CHECK(lt_city_name(1101) == NULL, "city 1101 (市辖区)");
	UNIT_CHECK(lt_province_code(lt_cstr("广东")) == 44, "code 广东");
	UNIT_CHECK(lt_province_code(lt_cstr("重庆市")) == 50, "code 重庆市");
	UNIT_CHECK(lt_province_code(lt_cstr("内蒙古")) == 15, "code 内蒙古");
	UNIT_CHECK(lt_province_code(lt_cstr("深圳市")) == 0, "code 深圳市");
	UNIT_CHECK(unit_streq(lt_section_name('C'), "制造业"), "section C");
	UNIT_CHECK(unit_streq(lt_section_name('T'), "国际组织"), "section T");
	UNIT_CHECK(lt_section_name('U') == NULL, "section U");
	UNIT_CHECK(lt_section_name('a') == NULL, "section a");

	if (lt_config_load(&c, NULL, err, sizeof(err)) != 0) {
		UNIT_CHECK(0, "built-in config: %s", err);
		return unit_done("test_region");
	}
	for (i = 0; i < sizeof(industries) / sizeof(industries[0]); i++) {
		sec = lt_industry(&c, lt_cstr(industries[i].text));
		UNIT_CHECK(sec == industries[i].sec,
		    "industry \"%s\": got %c, want %c", industries[i].text,
		    sec ? sec : '0', industries[i].sec ? industries[i].sec :
		    '0');
	}
	lt_config_free(&c);
	return unit_done("test_region");
}
