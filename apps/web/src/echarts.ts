import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import chuzhou from 'virtual:chuzhou-geojson';

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

/** The map name the county polygons are registered under. */
export const CHUZHOU_MAP = '滁州';
echarts.registerMap(CHUZHOU_MAP, chuzhou as unknown as Parameters<typeof echarts.registerMap>[1]);

/** County names that have a polygon (市直 has none). */
export const MAPPED_COUNTIES: ReadonlySet<string> = new Set(chuzhou.features.map((f) => f.properties.name));

export { echarts };
