/**
 * The file manager (see docs/api.md): folders with breadcrumbs, uploads with progress bars
 * (presigned PUT), download (presigned GET), rename, move, delete and new folders. Every path is
 * relative to the signed-in user's own area; the server enforces that.
 */
import { chooseDialog, confirmDialog, promptDialog } from './dialog.js';
import { formatBytes, formatDate, h, replaceChildren, toast } from './dom.js';

export class FilesView {
  /** @param {{api: import('../api.js').Api}} deps */
  constructor({ api }) {
    this._api = api;
    this._prefix = '';
    this._knownFolders = new Set(['']);
    this._token = null;
    this._crumbs = h('ol', { class: 'breadcrumbs' });
    this._body = h('tbody');
    this._status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite', 'data-testid': 'files-status' });
    this._uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
    this._more = h('button', { type: 'button', hidden: true, onclick: () => this._load(true) }, 'Load more');
    this._input = h('input', { type: 'file', multiple: true, id: 'file-input', class: 'visually-hidden', 'data-testid': 'file-input', onchange: () => this._uploadFiles([...this._input.files]) });
    const drop = h(
      'div',
      { class: 'dropzone', 'data-testid': 'dropzone' },
      h('label', { for: 'file-input', class: 'button' }, 'Upload files…'),
      h('span', { class: 'muted' }, ' or drop files here'),
      this._input,
    );
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      this._uploadFiles([...(e.dataTransfer?.files ?? [])]);
    });
    this.el = h(
      'section',
      { class: 'view files', 'aria-labelledby': 'files-title' },
      h('div', { class: 'view-header' }, h('h1', { id: 'files-title', tabindex: '-1' }, 'Files'), h('div', { class: 'buttons' }, h('button', { type: 'button', 'data-testid': 'new-folder', onclick: () => this._newFolder() }, 'New folder'), h('button', { type: 'button', onclick: () => this._load(false) }, 'Refresh'))),
      h('nav', { 'aria-label': 'Folder path' }, this._crumbs),
      drop,
      this._uploads,
      this._status,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', 'data-testid': 'files-table' },
          h('caption', { class: 'visually-hidden' }, 'Files and folders in this folder'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, 'Modified'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          this._body,
        ),
      ),
      this._more,
    );
  }

  get title() {
    return 'Files';
  }

  onShow() {
    this._load(false);
  }

  /** Opens a folder ('' = the root; otherwise ends with '/'). */
  open(prefix) {
    this._prefix = prefix;
    this._load(false);
  }

  _renderCrumbs() {
    const parts = this._prefix.split('/').filter(Boolean);
    const items = [h('li', {}, this._crumbButton('Home', ''))];
    parts.forEach((part, i) => {
      const prefix = parts.slice(0, i + 1).join('/') + '/';
      items.push(h('li', {}, i === parts.length - 1 ? h('span', { 'aria-current': 'page' }, part) : this._crumbButton(part, prefix)));
    });
    replaceChildren(this._crumbs, ...items);
  }

  _crumbButton(label, prefix) {
    return h('button', { type: 'button', class: 'link', onclick: () => this.open(prefix) }, label);
  }

  async _load(more) {
    this._renderCrumbs();
    this._status.textContent = 'Loading…';
    try {
      const page = await this._api.listFiles(this._prefix, more ? this._token : null);
      if (!more) {
        replaceChildren(this._body);
        if (this._prefix) {
          const parent = this._prefix.split('/').filter(Boolean).slice(0, -1).join('/');
          this._body.appendChild(h('tr', {}, h('td', { colspan: '4' }, h('button', { type: 'button', class: 'link', onclick: () => this.open(parent ? parent + '/' : '') }, '↑ Up one folder'))));
        }
      }
      const items = [...(page.items ?? [])].sort((a, b) => Number(b.isFolder) - Number(a.isFolder) || a.name.localeCompare(b.name));
      for (const item of items) {
        if (item.isFolder) {
          this._knownFolders.add(folderKey(item.key));
        }
        this._body.appendChild(this._row(item));
      }
      this._token = page.continuationToken ?? null;
      this._more.hidden = !this._token;
      this._status.textContent = items.length === 0 && !more ? 'This folder is empty.' : '';
    } catch (error) {
      this._status.textContent = `Could not list files: ${error.message}`;
    }
  }

  _row(item) {
    const key = item.isFolder ? folderKey(item.key) : item.key;
    const name = item.name || key.split('/').filter(Boolean).pop() || key;
    const actions = [];
    if (!item.isFolder) {
      actions.push(h('button', { type: 'button', class: 'small', 'data-testid': 'file-download', 'aria-label': `Download ${name}`, onclick: () => this._download(key) }, 'Download'));
    }
    actions.push(
      h('button', { type: 'button', class: 'small', 'data-testid': 'file-rename', 'aria-label': `Rename ${name}`, onclick: () => this._rename(key, name) }, 'Rename'),
      h('button', { type: 'button', class: 'small', 'data-testid': 'file-move', 'aria-label': `Move ${name}`, onclick: () => this._move(key, name) }, 'Move'),
      h('button', { type: 'button', class: 'small danger', 'data-testid': 'file-delete', 'aria-label': `Delete ${name}`, onclick: () => this._delete(key, name, item.isFolder) }, 'Delete'),
    );
    return h(
      'tr',
      { 'data-testid': 'file-row', dataset: { key, name, folder: item.isFolder ? 'true' : 'false' } },
      h('td', {}, item.isFolder ? h('button', { type: 'button', class: 'link folder', 'aria-label': `Open folder ${name}`, onclick: () => this.open(key) }, name, h('span', { 'aria-hidden': 'true' }, '/')) : h('span', { class: 'file-name' }, name)),
      h('td', {}, item.isFolder ? '–' : formatBytes(item.size)),
      h('td', {}, item.lastModified ? formatDate(item.lastModified) : '–'),
      h('td', { class: 'actions' }, ...actions),
    );
  }

  async _uploadFiles(files) {
    this._input.value = '';
    const prefix = this._prefix;
    const jobs = files.map((file) => this._uploadOne(file, prefix));
    await Promise.allSettled(jobs);
    if (this._prefix === prefix) {
      await this._load(false);
    }
  }

  async _uploadOne(file, prefix) {
    const progress = h('progress', { max: String(Math.max(1, file.size)), value: '0', 'aria-label': `Upload of ${file.name}` });
    const state = h('span', { class: 'upload-state' }, 'Starting…');
    const row = h('li', { class: 'upload', 'data-testid': 'upload-row', dataset: { state: 'uploading', name: file.name } }, h('span', { class: 'upload-name' }, file.name), progress, state);
    this._uploads.appendChild(row);
    try {
      const grant = await this._api.fileUploadUrl(prefix + file.name, file.type || 'application/octet-stream', file.size);
      state.textContent = 'Uploading…';
      await this._api.putObject(grant.putUrl, grant.headers ?? {}, file, (loaded) => {
        progress.value = loaded;
        state.textContent = `${Math.round((100 * loaded) / Math.max(1, file.size))} %`;
      });
      progress.value = Math.max(1, file.size);
      state.textContent = 'Done';
      row.dataset.state = 'done';
      setTimeout(() => row.remove(), 10_000);
    } catch (error) {
      row.dataset.state = 'failed';
      state.textContent = `Failed: ${error.message}`;
      row.appendChild(h('button', { type: 'button', class: 'small', onclick: () => { row.remove(); this._uploadFiles([file]); } }, 'Retry'));
    }
  }

  async _download(key) {
    try {
      const { url } = await this._api.fileDownloadUrl(key);
      const a = h('a', { href: url, download: key.split('/').pop(), hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (error) {
      toast(`Could not download: ${error.message}`, 'error');
    }
  }

  async _rename(key, name) {
    const newName = await promptDialog(`Rename ${name}`, 'New name', name, 'Rename');
    if (!newName || newName === name) {
      return;
    }
    if (newName.includes('/')) {
      toast('A name cannot contain "/". Use Move to change folders.', 'error');
      return;
    }
    await this._act(() => this._api.renameFile(key, newName), `Renamed to ${newName}.`);
  }

  async _move(key, name) {
    // Offer the folders we know about: the root, this folder's parent chain and its subfolders.
    try {
      const root = await this._api.listFiles('', null, 500);
      for (const item of root.items ?? []) {
        if (item.isFolder) {
          this._knownFolders.add(folderKey(item.key));
        }
      }
    } catch {
      // offer what we know
    }
    const parts = this._prefix.split('/').filter(Boolean);
    parts.forEach((_, i) => this._knownFolders.add(parts.slice(0, i + 1).join('/') + '/'));
    const options = [...this._knownFolders]
      .filter((f) => f !== key && !f.startsWith(key.endsWith('/') ? key : `${key}/`))
      .sort()
      .map((f) => ({ value: f, label: f === '' ? 'Home (top level)' : f }));
    const destination = await chooseDialog(`Move ${name}`, 'Destination folder', options, 'Move');
    if (destination === null) {
      return;
    }
    await this._act(() => this._api.moveFile(key, destination), `Moved to ${destination || 'Home'}.`);
  }

  async _delete(key, name, isFolder) {
    if (!(await confirmDialog(`Delete ${name}?`, isFolder ? 'The folder and everything in it will be deleted.' : 'The file will be deleted for good.'))) {
      return;
    }
    await this._act(() => this._api.deleteFile(key), `Deleted ${name}.`);
  }

  async _newFolder() {
    const name = await promptDialog('New folder', 'Folder name', '', 'Create');
    if (!name) {
      return;
    }
    if (name.includes('/')) {
      toast('A folder name cannot contain "/".', 'error');
      return;
    }
    const path = `${this._prefix}${name}/`;
    this._knownFolders.add(path);
    await this._act(() => this._api.createFolder(path), `Created ${name}.`);
  }

  async _act(action, message) {
    try {
      await action();
      toast(message);
      await this._load(false);
    } catch (error) {
      toast(`${error.code ? `${error.code}: ` : ''}${error.message}`, 'error');
    }
  }
}

function folderKey(key) {
  return key.endsWith('/') ? key : `${key}/`;
}
