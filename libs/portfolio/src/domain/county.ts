/** County-level divisions of Chuzhou (design §1). The slug is the API key. */
export const COUNTIES = [
  { slug: 'city', name: '市直', code: '341100' },
  { slug: 'langya', name: '琅琊区', code: '341102' },
  { slug: 'nanqiao', name: '南谯区', code: '341103' },
  { slug: 'laian', name: '来安县', code: '341122' },
  { slug: 'quanjiao', name: '全椒县', code: '341124' },
  { slug: 'dingyuan', name: '定远县', code: '341125' },
  { slug: 'fengyang', name: '凤阳县', code: '341126' },
  { slug: 'tianchang', name: '天长市', code: '341181' },
  { slug: 'mingguang', name: '明光市', code: '341182' },
] as const;

export type CountySlug = (typeof COUNTIES)[number]['slug'];
export type County = (typeof COUNTIES)[number];

export const COUNTY_SLUGS: readonly CountySlug[] = COUNTIES.map((c) => c.slug);

export function isCountySlug(value: unknown): value is CountySlug {
  return typeof value === 'string' && (COUNTY_SLUGS as readonly string[]).includes(value);
}

export function countyBySlug(slug: CountySlug): County {
  const county = COUNTIES.find((c) => c.slug === slug);
  if (!county) throw new Error(`unknown county ${slug}`);
  return county;
}
