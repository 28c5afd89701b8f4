/** 个人信息保护告知 (个人信息保护法 §17): what the ledger keeps about its users, why, how long, who sees it, whom to ask. */
export function PrivacyNotice() {
  return (
    <section className="privacy-notice" aria-labelledby="privacy-notice-title">
      <h2 id="privacy-notice-title">个人信息保护告知</h2>
      <dl>
        <div>
          <dt>收集哪些信息</dt>
          <dd>用户名、姓名、电子邮箱、角色与所属县区、登录时间、来源IP地址与浏览器信息、操作记录。</dd>
        </div>
        <div>
          <dt>用于什么</dt>
          <dd>身份鉴别、权限控制、逾期提醒送达、依法进行安全审计。</dd>
        </div>
        <div>
          <dt>保存多久</dt>
          <dd>审计记录至少保存 180 天。</dd>
        </div>
        <div>
          <dt>谁能看到</dt>
          <dd>完整的电子邮箱地址只有系统管理员和您本人能看到，其他人看到的是隐去部分的地址。</dd>
        </div>
        <div>
          <dt>查阅与更正</dt>
          <dd>登录后在「我的账号」查看并更正本人的姓名和电子邮箱；其他问题请联系滁州市发展和改革委员会信息化管理员。</dd>
        </div>
      </dl>
    </section>
  );
}
