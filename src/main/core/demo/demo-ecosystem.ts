import type { DatasetDraft, DatasetStatus, Sensitivity } from '../../../shared/domain/dataset';
import type { NodeSetup } from '../../../shared/domain/workspace';
import type { Dataset } from '../../../shared/domain/dataset';
import { createDataset, updateDataset } from '../catalog/catalog-commands';
import { Workspace, type WorkspaceOpenOptions } from '../workspace/workspace';

/**
 * A small, realistic ecosystem: a regional mobility data partnership whose lead organisation
 * shares transit, traffic and environmental data with operators, the city and researchers.
 */
export const demoNode: NodeSetup = {
  organisation: 'Metro Mobility Partnership',
  operator: 'Ada Okafor',
  roles: ['lead', 'steward', 'auditor'],
};

type Row = [
  identifier: string,
  title: string,
  sensitivity: Sensitivity,
  steward: string,
  formats: string[],
  tags: string[],
  description: string,
  status?: DatasetStatus,
];

const rows: Row[] = [
  [
    'gtfs-static',
    'Bus and tram timetables (GTFS)',
    'public',
    'Lena Fischer',
    ['GTFS', 'ZIP'],
    ['transit', 'timetable'],
    'Scheduled services, stops, routes and calendars for every operator in the partnership.',
  ],
  [
    'gtfs-realtime-vehicle-positions',
    'Real-time vehicle positions',
    'internal',
    'Lena Fischer',
    ['GTFS-RT', 'Protobuf'],
    ['transit', 'real-time'],
    'Position of every bus and tram every 10 seconds, streamed to partners.',
  ],
  [
    'gtfs-realtime-trip-updates',
    'Real-time trip updates and delays',
    'internal',
    'Lena Fischer',
    ['GTFS-RT', 'Protobuf'],
    ['transit', 'real-time'],
    'Predicted arrival times and cancellations.',
  ],
  [
    'service-alerts',
    'Service alerts',
    'public',
    'Tomás Ribeiro',
    ['GTFS-RT', 'JSON'],
    ['transit', 'real-time', 'alerts'],
    'Disruptions, diversions and accessibility notices.',
  ],
  [
    'ridership-daily',
    'Ridership by line, daily summary',
    'internal',
    'Priya Natarajan',
    ['CSV', 'Parquet'],
    ['transit', 'ridership', 'summary'],
    'Boardings per line and day, aggregated from validators.',
  ],
  [
    'ridership-stop-hourly',
    'Boardings by stop, hourly',
    'confidential',
    'Priya Natarajan',
    ['Parquet'],
    ['transit', 'ridership'],
    'Hourly boardings and alightings per stop; small counts suppressed.',
  ],
  [
    'fare-transactions',
    'Fare transactions (pseudonymised)',
    'restricted',
    'Priya Natarajan',
    ['Parquet'],
    ['fares', 'personal-data'],
    'Tap-on/tap-off events with pseudonymised card identifiers. Personal data.',
  ],
  [
    'fare-revenue-monthly',
    'Fare revenue, monthly summary',
    'confidential',
    'Jonas Berg',
    ['CSV', 'XLSX'],
    ['fares', 'finance', 'summary'],
    'Revenue per product and zone, reconciled monthly.',
  ],
  [
    'bike-share-trips',
    'Bike-share trips',
    'confidential',
    'Mei Chen',
    ['CSV', 'Parquet'],
    ['micromobility', 'trips'],
    'Trip start/end station and duration; rider identifiers removed.',
  ],
  [
    'bike-share-stations',
    'Bike-share station status',
    'public',
    'Mei Chen',
    ['GBFS', 'JSON'],
    ['micromobility', 'real-time'],
    'Docks and bikes available per station (GBFS feed).',
  ],
  [
    'scooter-deployments',
    'E-scooter fleet deployments',
    'internal',
    'Mei Chen',
    ['MDS', 'JSON'],
    ['micromobility'],
    'Daily deployment counts per operator and district (MDS).',
  ],
  [
    'parking-occupancy',
    'Off-street parking occupancy',
    'public',
    'Omar Haddad',
    ['JSON', 'DATEX II'],
    ['parking', 'real-time'],
    'Free spaces in municipal car parks, updated every minute.',
  ],
  [
    'on-street-parking-sessions',
    'On-street parking sessions',
    'confidential',
    'Omar Haddad',
    ['CSV'],
    ['parking', 'payments'],
    'Paid sessions by zone; plate numbers hashed.',
  ],
  [
    'traffic-counts',
    'Traffic counts from loop detectors',
    'internal',
    'Omar Haddad',
    ['CSV', 'DATEX II'],
    ['traffic'],
    'Vehicle counts per detector, 15-minute intervals.',
  ],
  [
    'traffic-signal-timings',
    'Traffic signal timing plans',
    'internal',
    'Katarzyna Nowak',
    ['XML', 'PDF'],
    ['traffic', 'infrastructure'],
    'Signal plans per junction and time of day.',
  ],
  [
    'road-works',
    'Planned road works',
    'public',
    'Katarzyna Nowak',
    ['GeoJSON', 'WZDx'],
    ['traffic', 'infrastructure'],
    'Planned and active works with lane closures (WZDx).',
  ],
  [
    'road-incidents',
    'Road incidents',
    'internal',
    'Katarzyna Nowak',
    ['DATEX II', 'JSON'],
    ['traffic', 'real-time', 'safety'],
    'Collisions, breakdowns and hazards reported by control room.',
  ],
  [
    'collision-records',
    'Injury collision records',
    'restricted',
    'Samuel Osei',
    ['CSV'],
    ['safety', 'personal-data'],
    'Police-reported injury collisions with casualty details. Personal data.',
  ],
  [
    'air-quality-sensors',
    'Air quality sensor readings',
    'public',
    'Ingrid Solberg',
    ['CSV', 'JSON'],
    ['environment', 'real-time'],
    'NO2, PM2.5 and PM10 from 64 roadside sensors, every 5 minutes.',
  ],
  [
    'noise-monitoring',
    'Noise monitoring',
    'public',
    'Ingrid Solberg',
    ['CSV'],
    ['environment'],
    'Hourly LAeq at monitoring sites near arterial roads.',
  ],
  [
    'ev-charging-sessions',
    'EV charging sessions',
    'confidential',
    'Ingrid Solberg',
    ['OCPI', 'JSON'],
    ['energy', 'ev'],
    'Sessions, energy delivered and idle time per public charger (OCPI).',
  ],
  [
    'ev-charger-status',
    'EV charger availability',
    'public',
    'Ingrid Solberg',
    ['OCPI', 'JSON'],
    ['energy', 'ev', 'real-time'],
    'Live availability of public chargers.',
  ],
  [
    'paratransit-bookings',
    'Paratransit bookings',
    'restricted',
    'Samuel Osei',
    ['CSV'],
    ['accessibility', 'personal-data'],
    'Demand-responsive trips booked by eligible riders. Personal data.',
  ],
  [
    'accessibility-stops',
    'Stop accessibility audit',
    'public',
    'Tomás Ribeiro',
    ['CSV', 'GeoJSON'],
    ['accessibility', 'infrastructure'],
    'Step-free access, tactile paving and shelter per stop.',
  ],
  [
    'customer-feedback',
    'Customer feedback cases',
    'confidential',
    'Tomás Ribeiro',
    ['CSV'],
    ['customer'],
    'Complaints and compliments with free text redacted of names.',
  ],
  [
    'staff-rosters',
    'Driver rosters',
    'restricted',
    'Jonas Berg',
    ['CSV'],
    ['operations', 'personal-data'],
    'Duty schedules per depot. Personal data; internal use only.',
  ],
  [
    'fleet-register',
    'Fleet register',
    'internal',
    'Jonas Berg',
    ['CSV'],
    ['operations', 'assets'],
    'Vehicles, propulsion type, capacity and accessibility features.',
  ],
  [
    'depot-energy',
    'Depot energy consumption',
    'internal',
    'Jonas Berg',
    ['CSV'],
    ['energy', 'operations'],
    'Half-hourly electricity use at bus depots.',
  ],
  [
    'origin-destination-matrix',
    'Origin–destination matrix',
    'confidential',
    'Priya Natarajan',
    ['Parquet'],
    ['planning', 'summary'],
    'Zone-to-zone trip estimates, quarterly, from fare and count data.',
  ],
  [
    'household-travel-survey',
    'Household travel survey',
    'restricted',
    'Priya Natarajan',
    ['SPSS', 'CSV'],
    ['planning', 'survey', 'personal-data'],
    'Travel diaries from 6,000 households. Personal data.',
  ],
  [
    'pedestrian-counts',
    'Pedestrian counts',
    'public',
    'Katarzyna Nowak',
    ['CSV'],
    ['active-travel'],
    'Automatic counter data in the city centre, hourly.',
  ],
  [
    'cycle-counts',
    'Cycle counts',
    'public',
    'Katarzyna Nowak',
    ['CSV'],
    ['active-travel'],
    'Automatic cycle counters on the main corridors, hourly.',
  ],
  [
    'journey-planner-requests',
    'Journey planner requests (aggregated)',
    'internal',
    'Tomás Ribeiro',
    ['CSV'],
    ['customer', 'summary'],
    'Origin/destination zones of planner searches, aggregated daily.',
  ],
  [
    'legacy-ticket-sales',
    'Legacy paper ticket sales',
    'internal',
    'Jonas Berg',
    ['CSV'],
    ['fares', 'archive'],
    'Historical paper ticket sales before smart cards.',
    'retired',
  ],
  [
    'taxi-trips-2019',
    'Licensed taxi trips 2019',
    'confidential',
    'Omar Haddad',
    ['CSV'],
    ['taxi', 'archive'],
    'Trips reported by licensed taxi operators in 2019.',
    'deprecated',
  ],
  [
    'weather-observations',
    'Weather observations',
    'public',
    'Ingrid Solberg',
    ['CSV', 'JSON'],
    ['environment'],
    'Temperature, precipitation and wind at three stations, hourly.',
  ],
  [
    'network-shapes',
    'Network shapes and stop geometry',
    'public',
    'Lena Fischer',
    ['GeoJSON', 'Shapefile'],
    ['transit', 'geospatial'],
    'Route shapes and stop locations for maps.',
  ],
  [
    'punctuality-monthly',
    'Punctuality, monthly summary',
    'public',
    'Lena Fischer',
    ['CSV'],
    ['transit', 'performance', 'summary'],
    'On-time performance per line, published monthly.',
  ],
  [
    'crowding-estimates',
    'Crowding estimates',
    'internal',
    'Priya Natarajan',
    ['JSON'],
    ['transit', 'real-time'],
    'Predicted vehicle load per trip from automatic passenger counters.',
  ],
  [
    'apc-raw',
    'Automatic passenger counter raw events',
    'confidential',
    'Priya Natarajan',
    ['Parquet'],
    ['transit', 'ridership'],
    'Door sensor events per vehicle before aggregation.',
  ],
];

export function demoDatasets(): DatasetDraft[] {
  return rows.map(
    ([identifier, title, sensitivity, steward, formats, tags, description, status]) => ({
      identifier,
      title,
      description,
      sensitivity,
      status: status ?? 'active',
      steward,
      formats,
      tags,
    }),
  );
}

const revisions: ((d: Dataset) => Partial<Dataset>)[] = [
  (d) => ({ description: `${d.description} Reviewed by the data steward.` }),
  (d) => ({ tags: [...d.tags, 'reviewed'] }),
  (d) => ({ steward: d.steward === 'Lena Fischer' ? 'Tomás Ribeiro' : d.steward }),
  (d) => ({ formats: d.formats.includes('JSON') ? d.formats : [...d.formats, 'JSON'] }),
  (d) => ({ description: `${d.description} Quality checks run nightly.` }),
];

/** A few rounds of realistic edits, so the ledger holds a history rather than a snapshot. */
function reviseDemoDatasets(workspace: Workspace, datasets: Dataset[]): void {
  for (let round = 0; round < revisions.length; round += 1) {
    const revise = revisions[round];
    if (!revise) continue;
    datasets.forEach((dataset, index) => {
      const current = datasets[index] ?? dataset;
      const next = { ...current, ...revise(current) };
      const { identifier, title, description, sensitivity, status, steward, formats, tags } = next;
      datasets[index] = updateDataset(workspace, {
        id: current.id,
        expectedVersion: current.version,
        draft: { identifier, title, description, sensitivity, status, steward, formats, tags },
      });
    });
  }
}

/** Creates a workspace at `path` and fills it through the normal command path. */
export function createDemoWorkspace(path: string, options: WorkspaceOpenOptions = {}): Workspace {
  const workspace = Workspace.create(path, demoNode, options);
  try {
    const created = demoDatasets().map((draft) => createDataset(workspace, draft));
    reviseDemoDatasets(workspace, created);
    if (workspace.isUnlocked) workspace.checkpoint();
    return workspace;
  } catch (error) {
    workspace.close();
    throw error;
  }
}
