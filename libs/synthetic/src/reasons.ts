/** Why a milestone slipped, as managers write it, by milestone. */
const RESCHEDULE_REASONS: Record<string, readonly string[]> = {
  approval: ['资金未到位', '规划调整', '前期手续办理滞后', '选址调整'],
  design: ['设计变更', '规划调整', '招标流标重新招标', '使用单位需求调整'],
  groundbreaking: ['征地拆迁延期', '招标流标重新招标', '施工许可办理延迟', '管线迁改延误', '资金未到位'],
  topping_out: ['雨季施工受阻', '资金未到位', '设计变更', '地质条件复杂，基础施工延长'],
  acceptance: ['消防验收整改', '配套工程未完工', '资金未到位', '设计变更'],
  in_service: ['设备采购安装延迟', '配套工程未完工', '人员编制未落实'],
};

const COVID_REASON = '疫情防控影响工期';
/** Until China ended its COVID controls. */
const COVID_UNTIL = '2022-12-31';

export function rescheduleReasons(key: string, on: string): readonly string[] {
  const reasons = RESCHEDULE_REASONS[key] ?? ['资金未到位', '规划调整'];
  return on <= COVID_UNTIL && key !== 'approval' && key !== 'design' ? [...reasons, COVID_REASON] : reasons;
}

export const SUSPENSION_REASONS = [
  '资金未到位，暂停施工',
  '征地拆迁未完成',
  '环保督查停工整改',
  '规划调整，暂缓实施',
  '审计整改期间暂停',
] as const;

export const RESUMPTION_REASONS = ['资金已落实，恢复施工', '整改完成，复工', '拆迁完成，恢复建设'] as const;

export const CANCELLATION_REASONS = [
  '规划调整，项目取消',
  '与其他项目合并实施',
  '选址变更，另行立项',
  '需求变化，不再实施',
] as const;

export const CORRECTION_REASONS = [
  '录入日期有误，按验收备案材料更正',
  '按监理日志更正',
  '按批复文件落款日期更正',
] as const;

export const COMPLETION_NOTES: Record<string, readonly string[]> = {
  approval: ['已取得发改部门立项批复', '可研报告已批复'],
  design: ['施工图审查合格'],
  groundbreaking: ['已取得施工许可证'],
  topping_out: ['主体结构验收合格'],
  acceptance: ['五方责任主体验收通过', '消防验收合格'],
  in_service: ['已移交使用单位'],
};
