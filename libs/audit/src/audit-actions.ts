/**
 * What the audit log records (等保 安全审计), as stable codes with the Chinese an auditor reads.
 * No imports: the dashboard imports this file as it is.
 */
export const AUDIT_ACTION_LABELS = {
  'auth.sign-in': '登录',
  'auth.sign-in-failed': '登录失败',
  'auth.account-locked': '账号锁定',
  'auth.totp-failed': '动态口令错误',
  'auth.sign-out': '退出登录',
  'auth.session-ended': '会话结束',
  'auth.password-changed': '修改密码',
  'auth.profile-changed': '修改个人信息',
  'auth.totp-enrolled': '绑定动态口令',
  'auth.recovery-code-used': '使用恢复码',
  'access.refused': '访问被拒绝',
  'user.created': '新增用户',
  'user.changed': '修改用户',
  'user.sessions-ended': '结束用户会话',
  'user.totp-reset': '重置动态口令',
  'user.lock-cleared': '解除锁定',
  'recipients.replaced': '修改预警接收人',
  'alerts.scan-requested': '执行逾期扫描',
  'export.counties': '导出县区完成情况',
  'export.projects': '导出项目清单',
  'export.audit': '导出审计日志',
  'audit.viewed': '查阅审计日志',
  'audit.verified': '校验审计日志',
  'audit.purged': '清理审计日志',
  'audit.anchored': '审计锚定',
  'queue-dashboard.viewed': '查看队列面板',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export const AUDIT_RESULT_LABELS = { success: '成功', failure: '失败', refused: '拒绝' } as const;
