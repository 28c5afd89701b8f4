import type { CountySlug } from '#libs/portfolio';
import type { Weighted } from './random.js';

/** How many projects each county gets, relative: city-level bodies and the large counties more. */
export const COUNTY_WEIGHTS: Weighted<CountySlug> = [
  ['city', 18],
  ['dingyuan', 12],
  ['tianchang', 12],
  ['fengyang', 11],
  ['mingguang', 11],
  ['laian', 9],
  ['quanjiao', 9],
  ['nanqiao', 9],
  ['langya', 9],
];

interface CountyPlaces {
  /** The prefix of a facility's name: 定远县, or 滁州市 for city-level bodies. */
  prefix: string;
  /** Towns, townships and subdistricts (or, for the city, its development zones). */
  localities: readonly string[];
}

export const COUNTY_PLACES: Record<CountySlug, CountyPlaces> = {
  city: { prefix: '滁州市', localities: ['经济技术开发区', '中新苏滁高新区', '高教科创城', '城东新区', '城西新区'] },
  langya: { prefix: '琅琊区', localities: ['琅琊街道', '东南街道', '西涧街道', '北门街道', '清流街道', '扬子街道'] },
  nanqiao: { prefix: '南谯区', localities: ['乌衣镇', '沙河镇', '珠龙镇', '大柳镇', '施集镇', '黄泥岗镇', '章广镇', '龙蟠街道'] },
  laian: { prefix: '来安县', localities: ['新安镇', '半塔镇', '水口镇', '汊河镇', '大英镇', '雷官镇', '施官镇', '舜山镇', '张山乡', '杨郢乡'] },
  quanjiao: { prefix: '全椒县', localities: ['襄河镇', '古河镇', '大墅镇', '二郎口镇', '武岗镇', '马厂镇', '石沛镇', '西王镇', '六镇镇', '十字镇'] },
  dingyuan: {
    prefix: '定远县',
    localities: ['定城镇', '炉桥镇', '藕塘镇', '池河镇', '吴圩镇', '朱湾镇', '张桥镇', '永康镇', '蒋集镇', '西卅店镇', '桑涧镇', '仓镇'],
  },
  fengyang: {
    prefix: '凤阳县',
    localities: ['府城镇', '临淮关镇', '武店镇', '西泉镇', '刘府镇', '大庙镇', '殷涧镇', '总铺镇', '红心镇', '板桥镇', '小溪河镇', '官塘镇'],
  },
  tianchang: {
    prefix: '天长市',
    localities: ['千秋街道', '广陵街道', '仁和集镇', '冶山镇', '铜城镇', '秦栏镇', '大通镇', '杨村镇', '石梁镇', '汊涧镇', '郑集镇', '张铺镇', '新街镇', '永丰镇'],
  },
  mingguang: {
    prefix: '明光市',
    localities: ['明光街道', '明东街道', '张八岭镇', '三界镇', '自来桥镇', '涧溪镇', '石坝镇', '苏巷镇', '女山湖镇', '古沛镇', '潘村镇', '柳巷镇', '管店镇'],
  },
};

/** Managers per county: each manages several projects. */
export const MANAGERS_PER_COUNTY = 400;
