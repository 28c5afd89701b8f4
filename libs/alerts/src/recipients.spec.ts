import { recipientsFromConfiguration } from './recipients.js';

describe('recipientsFromConfiguration', () => {
  it('reads county leads as county=email,email;… and leadership as a list', () => {
    expect(recipientsFromConfiguration(' laian = A@laian.cn, b@laian.cn ; city=c@city.cn;', 'Leader@chuzhou.cn')).toEqual([
      { role: 'county_lead', county: 'laian', email: 'a@laian.cn' },
      { role: 'county_lead', county: 'laian', email: 'b@laian.cn' },
      { role: 'county_lead', county: 'city', email: 'c@city.cn' },
      { role: 'city_leadership', email: 'leader@chuzhou.cn' },
    ]);
    expect(recipientsFromConfiguration('', '')).toEqual([]);
  });

  it('names the variable and the entry that is wrong', () => {
    expect(() => recipientsFromConfiguration('shanghai=a@b.cn', '')).toThrow('ALERT_COUNTY_LEADS: "shanghai=a@b.cn" does not start with a county slug');
    expect(() => recipientsFromConfiguration('laian=not-an-address', '')).toThrow('ALERT_COUNTY_LEADS: "not-an-address" is not an e-mail address');
    expect(() => recipientsFromConfiguration('', 'a@b.cn,nobody')).toThrow('ALERT_CITY_LEADERSHIP: "nobody" is not an e-mail address');
  });
});
