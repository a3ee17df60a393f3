import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import type { Language } from '../i18n/i18n-context';
import { useI18n } from '../i18n/use-i18n';

const options: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'zh', label: '简体中文' },
];

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Select
      className="language-switch"
      aria-label={t('layout.language')}
      value={language}
      onChange={setLanguage}
      options={options}
      variant="borderless"
      prefix={<GlobalOutlined />}
      popupMatchSelectWidth={false}
    />
  );
}
