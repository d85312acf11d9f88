import { describe, expect, it } from 'vitest';
import { creditCode, DEMO_CUSTOMERS, RETAIL_CUSTOMER } from './customers';

describe('creditCode: a 统一社会信用代码 with both check characters (GB 32100-2015, GB 11714)', () => {
  it('gives a published code back from its parts', () => {
    // 华为技术有限公司, 914403001922038216 as printed on its business licence.
    // Organisation code 19220382: 1·3+9·7+2·9+2·10+0·5+3·8+8·4+2·2 = 164; 164 mod 11 = 10; 11 − 10 = 1 → "1".
    // First 17 "91440300192203821" weighted 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 sum to 831;
    // 831 mod 31 = 25; 31 − 25 = 6 → "6".
    expect(creditCode('440300', '19220382')).toBe('914403001922038216');
  });

  it('works letters out by each standard\'s own values', () => {
    // 华信科技 (深圳, MA5F2K8L). GB 11714 counts A=10 … Z=35: M=22, A=10, F=15, K=20, L=21;
    // 22·3+10·7+5·9+15·10+2·5+20·8+8·4+21·2 = 575; 575 mod 11 = 3; 11 − 3 = 8 → "8".
    // GB 32100 counts its 31 characters (no I, O, S, V, Z): M=21, A=10, F=15, K=19, L=20. "91440300MA5F2K8L8":
    // 9+3+36+108+0+78+0+0+21·20+10·29+5·25+15·13+2·8+19·24+8·10+20·30+8·28 = 2640; 2640 mod 31 = 5; 31 − 5 = 26 → "T".
    expect(creditCode('440300', 'MA5F2K8L')).toBe('91440300MA5F2K8L8T');
    expect(DEMO_CUSTOMERS[0]!.taxId).toBe('91440300MA5F2K8L8T');
  });

  it('refuses what is not a division code and an organisation code body', () => {
    expect(() => creditCode('44030', '19220382')).toThrow(/not a division code/);
    expect(() => creditCode('440300', 'MA5F2K8O')).toThrow(/not a division code/); // O is not a code character
  });
});

describe('the demo company\'s customers', () => {
  it('each has its own key and tax id, and a name per vendor that no other vendor and no other customer uses', () => {
    const keys = [...DEMO_CUSTOMERS.map((c) => c.key), RETAIL_CUSTOMER.key];
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(DEMO_CUSTOMERS.map((c) => c.taxId)).size).toBe(DEMO_CUSTOMERS.length);
    const names = DEMO_CUSTOMERS.flatMap((c) => [c.names.salesforce, c.names.erpnext, c.names.zendesk]).concat(RETAIL_CUSTOMER.erpnext);
    expect(new Set(names).size).toBe(names.length);
  });

  it('the companies registered in China carry an 18-character 统一社会信用代码, those abroad their own tax number', () => {
    for (const c of DEMO_CUSTOMERS) {
      if (c.country === 'China') expect(c.taxId, c.key).toMatch(/^91\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
      else expect(c.taxId, c.key).not.toMatch(/^91\d{6}/);
    }
    expect(DEMO_CUSTOMERS.filter((c) => c.country !== 'China').map((c) => c.currency).sort()).toEqual(['EUR', 'HKD', 'USD']);
  });

  it('covers every sales region, so every region has orders', () => {
    expect(new Set(DEMO_CUSTOMERS.map((c) => c.region)).size).toBe(7);
  });
});
