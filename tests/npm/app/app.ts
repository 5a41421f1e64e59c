// A one-page app as a web developer would write it against the published package: load the
// validator, lint the token as it is typed, check it on submit and show the verdict (which never
// holds the secret). ?hub=URL points the Hugging Face endpoint elsewhere (the test's emulator).
import { loadCredprobe, type LintReport, type Verdict } from 'credprobe';

const credprobe = await loadCredprobe();
const form = document.querySelector<HTMLFormElement>('#check')!;
const token = form.querySelector<HTMLInputElement>('[name="hf_token"]')!;
const hub = new URLSearchParams(location.search).get('hub');
const endpoints: Record<string, string> = hub ? { hub } : {};

const show = (id: string, value: LintReport | Verdict): void => {
  document.querySelector<HTMLElement>(`#${id}`)!.textContent = JSON.stringify(value);
};

token.addEventListener('input', () => show('lint', credprobe.lint('huggingface', { hf_token: token.value })));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  document.querySelector<HTMLElement>('#verdict')!.textContent = '';
  void credprobe.check('huggingface', { hf_token: token.value }, { endpoints }).then((verdict) => show('verdict', verdict));
});
document.body.dataset.ready = String(credprobe.providers().providers.some((p) => p.id === 'huggingface'));
