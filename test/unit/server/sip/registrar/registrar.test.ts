import t from 'tap';
import { parseContacts } from '../../../../../server/src/sip/registrar/registrar.js';

void t.test('Contact values give URI, expires (param, else the default) and +sip.instance', async (t) => {
  t.same(parseContacts(['<sip:2001@127.0.0.1:5062;transport=tcp>;expires=120', 'sip:2001@10.0.0.1', '"Desk" <sip:2001@10.0.0.2>;+sip.instance="<urn:uuid:abc>";expires=0'], 3600), [
    { uri: 'sip:2001@127.0.0.1:5062;transport=tcp', expires: 120, instance: null },
    { uri: 'sip:2001@10.0.0.1', expires: 3600, instance: null },
    { uri: 'sip:2001@10.0.0.2', expires: 0, instance: 'urn:uuid:abc' },
  ]);
});

void t.test('Contact values that are no SIP URI are refused', async (t) => {
  t.equal(parseContacts(['<mailto:a@b>'], 60), undefined);
  t.equal(parseContacts(['<>'], 60), undefined);
});
