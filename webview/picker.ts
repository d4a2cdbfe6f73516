/** A labelled dropdown of objective names (vscode-single-select), rebuilt only when the names change. */
interface SingleSelect extends HTMLElement { value: string }

export class Picker {
  private readonly select: SingleSelect;
  private names = '';

  constructor(parent: HTMLElement, id: string, label: string, onPick: (value: string) => void) {
    const wrapper = document.createElement('label');
    wrapper.textContent = label;
    this.select = document.createElement('vscode-single-select') as SingleSelect;
    this.select.id = `pick-${id}`;
    this.select.setAttribute('aria-label', label);
    this.select.addEventListener('change', () => onPick(this.select.value));
    wrapper.append(this.select);
    parent.append(wrapper);
  }

  get value(): string {
    return this.select.value;
  }

  setOptions(names: readonly string[], selected: string | undefined): void {
    const key = names.join('\n');
    if (key !== this.names) {
      this.names = key;
      this.select.replaceChildren(...names.map((n) => {
        const option = document.createElement('vscode-option');
        option.textContent = n;
        option.setAttribute('value', n);
        return option;
      }));
    }
    if (selected !== undefined && this.select.value !== selected) this.select.value = selected;
  }
}
