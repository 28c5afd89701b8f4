// Written for this policy from what leaked Chinese and global password sets are known to be full of;
// lower case, one entry per word, since the policy lower-cases before comparing.
const words = (text: string): string[] => text.trim().split(/\s+/);

/** Passwords that are tried first: globally common ones and those common in China. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  words(`
    123456 1234567 12345678 123456789 1234567890 0123456789 12345678910 987654321 9876543210 654321
    111111 1111111 11111111 1111111111 000000 0000000 00000000 0000000000 222222 333333 444444
    555555 5555555 666666 6666666 66666666 777777 7777777 888888 8888888 88888888 999999 99999999
    123123 123123123 123321 112233 11223344 121212 123654 123654789 147258 147258369 159357 159753
    258369 369258147 456789 741852963 789456123 963852741 147852369 321321 520520 521521 5201314
    1314520 1314521 584520 7758521 7758258 168168 518518 668888 666888 888999 131313 101010 123789
    password password1 password123 passw0rd p@ssw0rd p@ssword pass1234 passwd passport mypassword
    qwerty qwerty123 qwertyuiop qwerty12345 qwer1234 1234qwer qwe123 qwe123456 123qwe 123456qwe
    qweasd qweasdzxc qwaszx 1qaz2wsx 1qaz2wsx3edc 1qazxsw2 zaq12wsx zaq1xsw2 qazwsx qazwsxedc
    1q2w3e 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 asdfgh asdfghjkl asdf1234 asd123
    zxcvbn zxcvbnm zxcv1234 zxc123 zxc123456 abc123 abc1234 abc123456 abcd1234 abcdef abcdefg
    abcd123456 a123456 a1234567 a12345678 a123456789 123456a 1234567a 12345678a 123456789a
    aa123456 aa12345678 aaa111 aaa123 aaaaaa aaaaaaaa a1b2c3 a1b2c3d4 qq123456 qq123456789 123456qq
    123456aa 000000a iloveyou iloveu ilove520 loveyou love520 lovelove admin admin123 admin888
    admin1234 administrator root root123 toor system sysadmin superuser manager guest guest123
    test test123 test1234 testtest demo demo123 default changeme welcome welcome1 welcome123 letmein
    login hello hello123 secret master monkey dragon shadow sunshine princess football baseball
    superman batman michael jordan charlie trustno1 starwars whatever freedom computer internet
    samsung apple google baidu taobao tencent weixin wechat alibaba huawei xiaomi 163com qqcom
    woaini woaini1314 woaini520 woaini521 woainima woaiwojia woaimama woaibaba woaibaobao aini1314
    wodemima mima mima123 mimamima nihao nihao123 laogong laopo baobei baobao tiantian xiaoxiao
    kaixin xingfu pingan huanying zhongguo zhonghua woshishui wangyi xiaoming xiaohong xiaobai
    woai aini love qwer asdf zxcv 1qaz@wsx 1qaz!qaz 1qaz@wsx3edc !qaz2wsx 1qaz2wsx!@ qaz!@# abc@123
    aa@123456 admin@123 p@ssw0rd123 root@123 test@123
  `),
);

/**
 * Words people build passwords from here, followed or preceded by digits or symbols: pinyin of
 * places (滁州 and its counties first), surnames and given names, and this system's own words.
 */
export const PINYIN_PASSWORD_WORDS: readonly string[] = words(`
  chuzhou langya nanqiao laian quanjiao dingyuan fengyang tianchang mingguang langyashan zuiwengting
  xiaogang huaihe chuzhoushi anhui wanbei wannan hefei wuhu bengbu huainan maanshan huaibei
  tongling anqing huangshan fuyang suzhou luan bozhou chizhou xuancheng chaohu jiangsu zhejiang
  shandong henan hebei hubei hunan guangdong guangxi sichuan yunnan guizhou shanxi shaanxi gansu
  qinghai xinjiang xizang neimenggu liaoning jilin heilongjiang fujian jiangxi hainan taiwan
  xianggang aomen beijing shanghai tianjin chongqing nanjing hangzhou wuhan chengdu xian zhengzhou
  jinan qingdao changsha shenyang harbin dalian xiamen fuzhou kunming guiyang nanning lanzhou
  taiyuan shijiazhuang nanchang changchun haikou guangzhou shenzhen wuxi changzhou yangzhou
  xuzhou zhongguo china zhonghua changjiang huanghe
  zhang wang li liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song
  zheng xie han tang feng yu dong xiao cheng cao yuan deng fu shen zeng peng lu su jiang cai jia
  ding wei xue ye yan pan du dai xia zhong tian ren fan fang shi yao tan liao zou xiong jin qin
  qian kong bai cui kang mao qiu
  zhangsan lisi wangwu zhaoliu
  zhangwei wangwei wangfang liwei lina zhangmin lijing wangjing liuwei zhangli wangli zhangjing
  liqiang wangqiang zhangyong wangjun lijun zhangjie zhanglei wanglei liujie chenjing liming
  wangyong zhangyan wangming chenwei zhaowei huangwei zhoujie liuyang wangxiuying zhangxiuying
  lixiuying wangyan liyan liuyan chenyan zhangtao wangtao litao zhanghui wanghui lihui
  min jing qiang lei jun yong jie tao ming chao hua ping gang hui hong juan ying xin hao jian bin
  bo dan long xiuying xiulan guiying guilan yuying yulan fengying
  taizhang admin root system gov zhengfu guanli guanliyuan xitong mima denglu zhanghao yonghu
  xiangmu jianshe gongcheng fagaiwei shizhengfu xianzhengfu shisiwu gonggong fuwu dengbao
`);
