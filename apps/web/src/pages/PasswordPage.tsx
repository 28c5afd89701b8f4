import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { PasswordForm } from '../components/PasswordForm';

/** 修改密码 before anything else: a first password, or one an administrator set, must be replaced at sign-in. */
export function PasswordPage() {
  const { auth, adopt } = useAuth();
  const navigate = useNavigate();
  const forced = auth.user?.scope === 'password-change';
  return (
    <div className="page">
      <div className="page-head">
        <h1>修改密码</h1>
        {forced ? (
          <p className="alert alert-info" role="status">
            这是首次登录，或您的密码刚被重设：请先设置自己的新密码，然后才能继续使用台账。
          </p>
        ) : (
          <p className="page-sub">修改后，您在其他浏览器或设备上的登录都会结束。</p>
        )}
      </div>
      <section className="card">
        <PasswordForm
          submitLabel={forced ? '设置新密码' : '修改密码'}
          onChanged={(answer) => {
            adopt(answer);
            // the next step, if any (a second factor to enrol), is where '/' sends the new session
            void navigate(forced ? '/' : '/account', { replace: true });
          }}
        />
      </section>
    </div>
  );
}
