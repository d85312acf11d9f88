/** The wall's languages: Chinese (the default) and English. */
export type Locale = 'zh-CN' | 'en';
