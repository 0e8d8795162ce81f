// Hash routes, so a view survives a reload and works the same under app:// and http://.
//   #/runs  #/new  #/new?from=ID  #/runs/ID  #/runs/ID?between=ID2  #/groups/ID  #/draw  #/draw?runs=1,2
//   #/compare?ids=1,2  #/compare?ids=1&group=3.4.5&group=6.7.8  (a group: its runs, by id)
//   #/article-notes  (where the blog's code differs from its math)

export type Route =
  | { readonly view: 'runs' }
  | { readonly view: 'new'; readonly from: number | null }
  | {
      readonly view: 'run';
      readonly id: number;
      /** Another run to show the loss landscape between (from Compare). */
      readonly between?: number;
    }
  | { readonly view: 'group'; readonly id: number }
  | {
      readonly view: 'compare';
      readonly ids: number[];
      /** Groups of runs compared as one each (mean and spread); absent = none. */
      readonly groups?: number[][];
    }
  | { readonly view: 'draw'; readonly runs: number[] }
  | { readonly view: 'article-notes' };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'new') {
    const from = Number(params.get('from'));
    return { view: 'new', from: Number.isInteger(from) && from > 0 ? from : null };
  }
  if (parts[0] === 'runs' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const [between] = idList(params.get('between'));
    return between === undefined
      ? { view: 'run', id: Number(parts[1]) }
      : { view: 'run', id: Number(parts[1]), between };
  }
  if (parts[0] === 'groups' && parts[1] !== undefined && /^\d+$/.test(parts[1]))
    return { view: 'group', id: Number(parts[1]) };
  if (parts[0] === 'compare') {
    const groups = params
      .getAll('group')
      .map((g) => idList(g.replaceAll('.', ',')))
      .filter((g) => g.length > 0);
    return { view: 'compare', ids: idList(params.get('ids')), groups };
  }
  if (parts[0] === 'draw') return { view: 'draw', runs: idList(params.get('runs')) };
  if (parts[0] === 'article-notes') return { view: 'article-notes' };
  return { view: 'runs' };
}

function idList(text: string | null): number[] {
  return (text ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function href(route: Route): string {
  switch (route.view) {
    case 'runs':
      return '#/runs';
    case 'new':
      return route.from === null ? '#/new' : `#/new?from=${route.from}`;
    case 'run':
      return route.between === undefined
        ? `#/runs/${route.id}`
        : `#/runs/${route.id}?between=${route.between}`;
    case 'group':
      return `#/groups/${route.id}`;
    case 'compare': {
      const query = [
        ...(route.ids.length > 0 ? [`ids=${route.ids.join(',')}`] : []),
        ...(route.groups ?? []).map((g) => `group=${g.join('.')}`),
      ];
      return query.length === 0 ? '#/compare' : `#/compare?${query.join('&')}`;
    }
    case 'draw':
      return route.runs.length === 0 ? '#/draw' : `#/draw?runs=${route.runs.join(',')}`;
    case 'article-notes':
      return '#/article-notes';
  }
}

/** The tab's title: the view first, so a row of tabs tells them apart. */
export function pageTitle(route: Route): string {
  const view = {
    runs: 'Runs',
    new: 'New run',
    run: `Run #${route.view === 'run' ? route.id : ''}`,
    group: `Group #${route.view === 'group' ? route.id : ''}`,
    compare: 'Compare',
    draw: 'Draw',
    'article-notes': 'The blog’s code',
  }[route.view];
  return `${view} · Backprop Lab`;
}

class Router {
  route = $state<Route>(parseRoute(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(location.hash);
    });
  }

  go(route: Route): void {
    location.hash = href(route);
  }
}

export const router = new Router();
