import { describe, expect, it } from 'vitest';
import { SettingsState } from './settings.svelte';
import { FakeEngine, connect, model } from './test/fakeEngine';

function setup() {
  const engine = new FakeEngine();
  engine.models = [model('all-minilm-l6-v2', true), model('all-minilm-l6-v2-int8', false)];
  const reported: unknown[] = [];
  const settings = new SettingsState(connect(engine), (err) => reported.push(err));
  return { engine, settings, reported };
}

describe('SettingsState', () => {
  it('lists the installed models with the active one', async () => {
    const { settings } = setup();
    expect(settings.active).toBeNull();
    await settings.refresh();
    expect(settings.models.map((m) => m.id)).toEqual(['all-minilm-l6-v2', 'all-minilm-l6-v2-int8']);
    expect(settings.active?.id).toBe('all-minilm-l6-v2');
  });

  it('switches a model after confirmation and hands back the re-index job', async () => {
    const { engine, settings } = setup();
    await settings.refresh();
    settings.pendingModel = 'all-minilm-l6-v2-int8';
    expect(await settings.switchModel('all-minilm-l6-v2-int8')).toBe('job-1');
    expect(settings.pendingModel).toBeNull();
    expect(engine.calls).toContainEqual(['switchModel', 'all-minilm-l6-v2-int8']);
  });

  it('reports a model that is not installed', async () => {
    const { settings, reported } = setup();
    expect(await settings.switchModel('gone')).toBeUndefined();
    expect(reported[0]).toMatchObject({ kind: 'ModelMissing', subject: 'gone' });
  });

  it('lists the folders kept in sync and stops keeping one in sync', async () => {
    const { engine, settings, reported } = setup();
    engine.watched = ['/home/dr/clinic', '/home/dr/letters'];
    await settings.refresh();
    expect(settings.folders).toEqual(['/home/dr/clinic', '/home/dr/letters']);
    await settings.unwatch('/home/dr/clinic');
    expect(engine.calls).toContainEqual(['unwatchFolder', '/home/dr/clinic']);
    expect(settings.folders).toEqual(['/home/dr/letters']);
    await settings.unwatch('/home/dr/clinic');
    expect(reported[0]).toMatchObject({ kind: 'BadInput', subject: '/home/dr/clinic' });
    expect(settings.folders).toEqual(['/home/dr/letters']);
  });

  it('saves the thread count, and says nothing was saved when the engine refuses it', async () => {
    const { engine, settings, reported } = setup();
    await settings.saveThreads();
    expect(engine.calls).toEqual([]);
    settings.threads = 4;
    await settings.saveThreads();
    expect(settings.saved).toBe(true);
    expect(engine.calls).toContainEqual(['updateSettings', { threads: 4 }]);
    settings.threads = 0;
    await settings.saveThreads();
    expect(settings.saved).toBe(false);
    expect(reported[0]).toMatchObject({ kind: 'BadInput' });
  });
});

describe('SettingsState: the team library', () => {
  it('attaches a team library from the filled fields only, and clears the form', async () => {
    const { engine, settings } = setup();
    settings.teamForm.uri = ' s3://clinic/library ';
    settings.teamForm.endpoint = 'http://minio.clinic.lan:9000';
    expect(await settings.attachTeam()).toBe(true);
    expect(engine.calls).toContainEqual([
      'attachTeamLibrary',
      { uri: 's3://clinic/library', endpoint: 'http://minio.clinic.lan:9000' },
    ]);
    expect(settings.team).toMatchObject({ uri: 's3://clinic/library', state: 'ready', documents: 12 });
    expect(settings.teamForm.uri).toBe('');
  });

  it('shows the model the team library needs when it differs from the active one', async () => {
    const { engine, settings } = setup();
    engine.teamModel = 'bge-small-en-v1.5';
    settings.teamForm.uri = 's3://clinic/library';
    await settings.attachTeam();
    expect(settings.team?.state).toBe('model-mismatch');
    expect(settings.team?.message).toContain('bge-small-en-v1.5');
  });

  it('reports a library that cannot be read and keeps the form for a correction', async () => {
    const { settings, reported } = setup();
    settings.teamForm.uri = 's3://missing/library';
    expect(await settings.attachTeam()).toBe(false);
    expect(reported[0]).toMatchObject({ kind: 'FileUnreadable' });
    expect(settings.team).toBeNull();
    expect(settings.teamForm.uri).toBe('s3://missing/library');
  });

  it('refuses a URI that is not s3:// before asking the engine to connect', async () => {
    const { engine, settings, reported } = setup();
    settings.teamForm.uri = 'https://clinic/library';
    expect(await settings.attachTeam()).toBe(false);
    expect(reported[0]).toMatchObject({ kind: 'BadInput' });
    expect(engine.calls.some(([m]) => m === 'attachTeamLibrary')).toBe(false);
  });

  it('detaches, and refresh reads the status back', async () => {
    const { engine, settings } = setup();
    settings.teamForm.uri = 's3://clinic/library';
    await settings.attachTeam();
    await settings.refresh();
    expect(settings.team?.uri).toBe('s3://clinic/library');
    await settings.detachTeam();
    expect(settings.team).toBeNull();
    expect(engine.team).toBeNull();
  });
});
