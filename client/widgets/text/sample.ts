import type { TextOptions } from './options';

/**
 * The text widget takes no metric (its index.ts says `sample: null`); its content is its options. This is
 * its sample for tests and docs, markup included to show that it stays text.
 */
export const textSampleOptions: TextOptions = {
  text: '值班电话：400-800-1234\n紧急工单 15 分钟内响应 <b>不是 HTML</b>',
  align: 'left',
  size: 'body',
};
