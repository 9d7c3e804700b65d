/**
 * A small SVG bar chart written by hand (no dependency): one panel per measure, in each panel a
 * pair of bars per n8n line, the Zoho IoT node's next to the HTTP Request node's, with values.
 */
export interface ChartPanel {
	title: string;
	unit: string;
	better: 'lower' | 'higher';
	groups: Array<{ label: string; ours: number; theirs: number }>;
}

const OURS = '#0b7a75';
const THEIRS = '#9aa5b1';
const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const number = (value: number) =>
	value >= 100
		? Math.round(value).toLocaleString('en-US')
		: value.toLocaleString('en-US', { maximumFractionDigits: 1 });

export function renderChart(title: string, panels: ChartPanel[]): string {
	const columns = 3;
	const panelWidth = 300;
	const panelHeight = 220;
	const top = 70;
	const rows = Math.ceil(panels.length / columns);
	const width = columns * panelWidth + 20;
	const height = top + rows * panelHeight + 10;
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		`<text x="10" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
		`<rect x="10" y="38" width="12" height="12" fill="${OURS}"/><text x="28" y="48">Zoho IoT node</text>`,
		`<rect x="140" y="38" width="12" height="12" fill="${THEIRS}"/><text x="158" y="48">HTTP Request node + generic OAuth2</text>`,
	];
	panels.forEach((panel, index) => {
		const x0 = 10 + (index % columns) * panelWidth;
		const y0 = top + Math.floor(index / columns) * panelHeight;
		const chartTop = y0 + 40;
		const chartHeight = panelHeight - 90;
		const max = Math.max(1, ...panel.groups.flatMap((g) => [g.ours, g.theirs]));
		parts.push(`<text x="${x0}" y="${y0 + 14}" font-weight="bold">${escape(panel.title)}</text>`);
		parts.push(
			`<text x="${x0}" y="${y0 + 30}" fill="#555">${escape(panel.unit)}, ${panel.better} is better</text>`,
		);
		parts.push(
			`<line x1="${x0}" y1="${chartTop + chartHeight}" x2="${x0 + panelWidth - 30}" y2="${chartTop + chartHeight}" stroke="#333"/>`,
		);
		const groupWidth = (panelWidth - 30) / Math.max(1, panel.groups.length);
		panel.groups.forEach((group, g) => {
			const gx = x0 + g * groupWidth + 15;
			const barWidth = Math.min(50, (groupWidth - 30) / 2);
			for (const [i, value, color] of [
				[0, group.ours, OURS],
				[1, group.theirs, THEIRS],
			] as const) {
				const h = (value / max) * chartHeight;
				const bx = gx + i * (barWidth + 6);
				const by = chartTop + chartHeight - h;
				parts.push(
					`<rect x="${bx.toFixed(1)}" y="${by.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`,
				);
				parts.push(
					`<text x="${(bx + barWidth / 2).toFixed(1)}" y="${(by - 4).toFixed(1)}" text-anchor="middle">${escape(number(value))}</text>`,
				);
			}
			parts.push(
				`<text x="${(gx + barWidth + 3).toFixed(1)}" y="${chartTop + chartHeight + 16}" text-anchor="middle" fill="#333">${escape(group.label)}</text>`,
			);
		});
	});
	parts.push('</svg>');
	return `${parts.join('\n')}\n`;
}
