// Drives the third-party @apigrate/autotask-restapi client, unchanged, against a simulator zone:
// zone discovery, queries, counts, GET by id, entity information, a PATCH and the 404 handling.
// Usage: node check.mjs <lookup REST root> <username> <secret> <integration code>
// Prints one JSON object with what it saw; exits non-zero on the first failure.
import { AutotaskRestApi } from '@apigrate/autotask-restapi';

const [root, user, secret, code] = process.argv.slice(2);
const api = new AutotaskRestApi(user, secret, code, { base_url: root });

function check(cond, what) {
  if (!cond) {
    console.error(`interop check failed: ${what}`);
    process.exit(1);
  }
}

const out = {};
const active = await api.Resources.query({ filter: [{ op: 'eq', field: 'isActive', value: true }], IncludeFields: ['id', 'userName'] });
check(Array.isArray(active.items) && active.items.length > 0, 'Resources query returns items');
check(active.pageDetails && active.pageDetails.requestCount === 500, 'pageDetails.requestCount is 500');
out.zoneUrl = api.zoneInfo && api.zoneInfo.url;
out.activeResources = active.items.length;

const count = await api.Resources.count({ filter: [{ op: 'eq', field: 'isActive', value: true }] });
check(count.queryCount === active.items.length, 'count matches the query');
out.count = count.queryCount;

const id = active.items[0].id;
const one = await api.Resources.get(id);
check(one.item && one.item.id === id, 'GET by id returns {"item":...}');
out.userName = one.item.userName;

const info = await api.Resources.info();
check(info.info && info.info.canQuery === true && info.info.canUpdate === true, 'entityInformation');
const fields = await api.Resources.fieldInfo();
const license = fields.fields.find((f) => f.name.toLowerCase() === 'licensetype');
check(license && license.isPickList && license.picklistValues.some((v) => v.label === 'API User'), 'licenseType picklist has API User');

const locations = await api.InternalLocations.query({ filter: [{ op: 'eq', field: 'isDefault', value: true }] });
check(locations.items.length === 1, 'one default internal location');
out.defaultLocation = locations.items[0].name;

const patched = await api.Resources.update({ id, title: 'Interop checked' });
check(patched.itemId === id, 'PATCH answers {"itemId":N}');
const after = await api.Resources.get(id);
check(after.item.title === 'Interop checked', 'PATCH took effect');

const missing = await api.Resources.get(1);
check(missing === null, 'an unknown id is a 404 (the client returns null)');

console.log(JSON.stringify(out));
