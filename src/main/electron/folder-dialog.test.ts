import { describe, expect, it, vi } from 'vitest';
import { createFolderChooser } from './folder-dialog';

describe('createFolderChooser', () => {
  it('asks for a directory (creatable) and returns the choice', async () => {
    const show = vi.fn().mockResolvedValue({ canceled: false, filePaths: ['/audit'] });
    const choose = createFolderChooser(show);
    expect(await choose({ title: 'Export', defaultPath: '/home/ada' })).toBe('/audit');
    expect(show).toHaveBeenCalledWith({
      title: 'Export',
      defaultPath: '/home/ada',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
  });

  it('returns null when the user cancels', async () => {
    const show = vi.fn().mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await createFolderChooser(show)({ title: 'Export', defaultPath: '/' })).toBeNull();
  });
});
