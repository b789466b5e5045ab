// Pure helpers of the Schedules page: the cron presets the helper offers, the browser's zone, and how a
// fire time on the zone's clock is shown.

/** Expressions the cron helper offers (croniter's syntax: minute hour day month weekday). */
export const cronPresets: { cron: string; label: 'sched.preset.hourly' | 'sched.preset.daily' | 'sched.preset.weekdays' | 'sched.preset.weekly' | 'sched.preset.monthly' }[] = [
  { cron: '0 * * * *', label: 'sched.preset.hourly' },
  { cron: '0 9 * * *', label: 'sched.preset.daily' },
  { cron: '0 9 * * 1-5', label: 'sched.preset.weekdays' },
  { cron: '0 9 * * 1', label: 'sched.preset.weekly' },
  { cron: '0 9 1 * *', label: 'sched.preset.monthly' },
];

/** The browser's IANA zone, or UTC when it cannot tell. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the browser knows (for the zone field's suggestions). */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    const zones = intl.supportedValuesOf?.('timeZone') ?? [];
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
}

/** The Intl locale for a date with its weekday: English days read day/month (en-GB), as before. */
function dateLocale(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang === 'zh' ? 'zh-CN' : lang;
}

/** The short weekday name of a UTC midnight in the language (Mon, lun., 月, Mo, пн). */
function weekdayName(utcMidnight: number, lang: string): string {
  try {
    return new Intl.DateTimeFormat(dateLocale(lang), { weekday: 'short', timeZone: 'UTC' }).format(utcMidnight);
  } catch {
    return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(utcMidnight).getUTCDay()];
  }
}

/**
 * A fire time as the server gives it on the zone's clock (`2026-12-05T09:00:00+01:00`), shown as that wall
 * time: `Sat 2026-12-05 09:00 (UTC+01:00)`. Seconds appear only when not zero.
 */
export function formatWallTime(iso: string, lang: string = 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, s, off] = m;
  const weekday = weekdayName(Date.UTC(Number(y), Number(mo) - 1, Number(d)), lang);
  const time = s && s !== '00' ? `${h}:${mi}:${s}` : `${h}:${mi}`;
  const offset = !off || off === 'Z' || off === '+00:00' ? 'UTC' : `UTC${off}`;
  return `${weekday} ${y}-${mo}-${d} ${time} (${offset})`;
}

/** An instant shown on a zone's clock, e.g. the next fire of a task in its own zone. */
export function formatInZone(iso: string, zone: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(dateLocale(lang), {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}
