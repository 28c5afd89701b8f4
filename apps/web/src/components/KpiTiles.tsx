export interface KpiTile {
  /** Also the tile number's data-testid. */
  id: string;
  label: string;
  value: string;
  warn?: boolean;
}

/** The headline numbers of a view, each with its label. */
export function KpiTiles({ label, tiles }: { label: string; tiles: KpiTile[] }) {
  return (
    <ul className="kpis" aria-label={label}>
      {tiles.map((tile) => (
        <li key={tile.id} className={`kpi ${tile.warn ? 'kpi-warn' : ''}`}>
          <span className="kpi-value" data-testid={tile.id}>
            {tile.value}
          </span>
          <span className="kpi-label">{tile.label}</span>
        </li>
      ))}
    </ul>
  );
}
