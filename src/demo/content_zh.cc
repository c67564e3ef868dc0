// Chinese- and Japanese-language articles. All people and outlets are
// fictional. The GBK page must use only characters GBK can encode.
#include "demo/content.h"

namespace herald::demo {
namespace {

constexpr int kBeijing = 8 * 60;
constexpr int kTokyo = 9 * 60;

LocalTime At(int month, int day, int hour, int minute, int offset) {
  return LocalTime{2025, month, day, hour, minute, offset};
}

Article NewEconomyIndex() {
  Article a;
  a.publisher_id = "jinrong";
  a.slug = "new-economy-index-september";
  a.section = "宏观";
  a.title = "九月新经济指数升至31.2% 劳动力与科技投入双双增长";
  a.authors = {"周雨桐"};
  a.published = At(10, 2, 11, 53, kBeijing);
  a.modified = At(10, 2, 12, 20, kBeijing);
  a.language = "zh";
  a.summary = "生物医药、新能源等高附加值行业在经济总投入中的占比继续上升。";
  a.caption = "9月新经济行业占中国经济总投入的31.2%";
  a.credit = "视觉中国";
  a.paragraphs = {
      "最新发布的新经济指数显示，9月生物医药、新能源、信息技术等高附加值行业在中国经济总投入中的占比为31.2%，"
      "较上月上升0.4个百分点，连续第三个月回升。",
      "分项数据显示，劳动力投入指数和科技投入指数均有所上升，其中科技投入指数升至近一年来的高点，"
      "资本投入指数则基本持平。",
      "“新经济行业对高学历人才的需求仍然旺盛，”编制该指数的研究机构首席经济学家林振华表示，"
      "“但招聘薪酬的涨幅已经明显放缓。”",
      "分析人士指出，随着国庆假期前后消费回暖，四季度新经济行业的用工需求有望进一步增加。",
  };
  a.tags = {"新经济", "宏观经济", "就业"};
  return a;
}

Article SolarInstallations() {
  Article a;
  a.publisher_id = "jinrong";
  a.slug = "solar-installations-record";
  a.section = "能源";
  a.title = "前三季度光伏新增装机创新高 组件价格企稳回升";
  a.authors = {"陈思远", "刘畅"};
  a.published = At(9, 28, 20, 5, kBeijing);
  a.modified = At(9, 28, 20, 5, kBeijing);
  a.language = "zh";
  a.summary = "行业协会预计全年新增装机将超过去年水平，组件价格已连续四周上涨。";
  a.caption = "宁夏中卫的一座大型光伏电站";
  a.credit = "新华社";
  a.paragraphs = {
      "据行业协会最新统计，今年前三季度全国光伏新增装机容量同比增长约三成，创历史同期新高。",
      "与此同时，光伏组件价格已连续四周小幅上涨，主流产品报价回升至每瓦0.7元左右。"
      "多家企业表示，行业“反内卷”措施开始见效，低价竞争有所缓解。",
      "“价格企稳有利于企业修复利润，但产能过剩的问题并没有根本解决，”一位不愿具名的组件厂商高管说。",
      "协会预计，全年新增装机将超过去年水平，但增速将在四季度有所放缓。",
  };
  a.charset = "gbk";
  a.tags = {"光伏", "能源", "新能源"};
  return a;
}

Article KVisa() {
  Article a;
  a.publisher_id = "jinrong";
  a.slug = "k-visa-takes-effect";
  a.section = "政策";
  a.title = "K字签证正式实施 瞄准全球青年科技人才";
  a.authors = {"王嘉怡"};
  a.published = At(10, 1, 10, 0, kBeijing);
  a.modified = At(10, 1, 10, 0, kBeijing);
  a.language = "zh";
  a.summary = "新签证不要求申请人事先获得境内单位邀请。";
  a.caption = "北京一场面向海外人才的招聘会现场";
  a.credit = "中新社";
  a.paragraphs = {
      "10月1日起，新设立的K字签证正式实施，主要面向外国青年科学、技术、工程和数学领域专业人才。",
      "与其他工作类签证不同，K字签证不要求申请人事先获得境内雇主或单位的邀请，"
      "持证人可在华从事教育、科研、文化交流以及创业等活动。",
      "有专家认为，这一政策有助于吸引更多海外青年人才，但也有网友担心会加剧国内毕业生的就业竞争。",
  };
  a.metadata = Metadata::kMicrodataOnly;
  a.tags = {"签证", "人才", "科技"};
  return a;
}

Article RareEarthJapan() {
  Article a;
  a.publisher_id = "toyo-jiho";
  a.slug = "rare-earth-japan-procurement";
  a.section = "経済";
  a.title = "レアアース輸出規制強化、日本企業に調達不安広がる";
  a.authors = {"佐藤美咲"};
  a.published = At(10, 1, 19, 0, kTokyo);
  a.modified = At(10, 1, 19, 30, kTokyo);
  a.language = "ja";
  a.summary = "中国商務省の新たな輸出規制を受け、自動車や電機メーカーが在庫の確認を急いでいる。";
  a.caption = "レアアースを使った磁石の製造ライン（江西省）";
  a.credit = "東洋時報";
  a.paragraphs = {
      "中国商務省が9月30日に発表したレアアース（希土類）の輸出規制強化を受け、日本の自動車や電機メーカーの間で"
      "調達への不安が広がっている。",
      "新たな規制では、中国産のレアアースを一定割合以上含む製品を輸出する場合にも許可が必要となる。"
      "対象となる元素も7種類追加された。",
      "大手部品メーカーの担当者は「在庫は数か月分あるが、審査にどれだけ時間がかかるのか見通せない」と話す。",
      "政府は関係省庁による会合を開き、代替調達先の確保やリサイクルの支援策を検討する方針だ。",
  };
  a.in_feed = false;
  a.tags = {"レアアース", "貿易", "経済安全保障"};
  return a;
}

}  // namespace

std::vector<Article> AsianArticles() {
  return {NewEconomyIndex(), SolarInstallations(), KVisa(), RareEarthJapan()};
}

}  // namespace herald::demo
