import { anchorLine, type Anchor } from '#libs/audit';

export interface AnchorMail {
  subject: string;
  text: string;
  attachment: { filename: string; content: string; contentType: string };
}

/** The mail that gives an auditor their own copy of an anchor, outside the database and outside the worker's file. */
export function composeAnchorMail(anchor: Anchor): AnchorMail {
  const filename = `anchor-${anchor.at.replaceAll(':', '-')}.json`; // no ':' in file names (Windows)
  const lines = [
    `审计日志锚定 ${anchor.at}（北京时间 ${beijingTime(anchor.at)}）`,
    '',
    `台账工作进程为审计日志和事件日志签发了一条锚定记录，见附件 ${filename}：`,
    '',
    anchor.audit ? `审计日志：最新记录第 ${anchor.audit.id} 条，链哈希 ${anchor.audit.hash}` : '审计日志：尚无记录',
    anchor.events
      ? `事件日志：第 ${anchor.events.seal} 号封存，截至位置 ${anchor.events.lastPosition}，哈希 ${anchor.events.hash}`
      : '事件日志：尚未封存',
    `签名密钥：${anchor.keyId}（Ed25519）`,
    '',
    '请另行保存本邮件及附件，勿转交数据库管理员。核验时（npm run audit:verify -- --anchors <保存的锚定文件>），',
    '若数据库中的审计日志或事件日志在此之后被改动，将与本锚定不符。',
  ];
  return {
    subject: `【台账·审计锚定】${anchor.at}`,
    text: `${lines.join('\n')}\n`,
    attachment: { filename, content: `${anchorLine(anchor)}\n`, contentType: 'application/json' },
  };
}

/** The address in a From: such as `台账逾期提醒 <alerts@example>`. */
export function mailAddressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}

function beijingTime(iso: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
