<?php /** @var \Dreport\Admin\Context $ctx @var array $s @var array $devices */ ?>
<p><a href="<?= e($ctx->url('subscriptions')) ?>">&larr; Subscriptions</a></p>
<h1>Subscription <?= e($s['s_objectid']) ?></h1>
<div class="grid cols-2">
<div class="card">
  <h2>Details</h2>
  <table class="kv">
    <tr><th>Customer</th><td id="customer"><?= e($s['s_customername']) ?></td></tr>
    <tr><th>Object</th><td><?= e($s['s_objectname']) ?></td></tr>
    <tr><th>EIK</th><td><?= e($s['s_eik']) ?></td></tr>
    <tr><th>Address</th><td><?= e($s['s_address']) ?></td></tr>
    <tr><th>Host</th><td id="hostname"><?= e($s['s_hostname']) ?></td></tr>
    <tr><th>App</th><td><?= e($s['s_apptype']) ?> <?= e($s['s_appver']) ?> (<?= e($s['s_appip']) ?>)</td></tr>
    <tr><th>DB type</th><td><?= e($s['s_appdbtype']) ?></td></tr>
    <tr><th>Expires</th><td id="expiredate"><?= e($s['s_expiredate']) ?></td></tr>
    <tr><th>Active</th><td id="active"><?= (int) $s['s_active'] === 1 ? 'yes' : 'no' ?></td></tr>
    <tr><th>Created</th><td><?= e($s['s_createdate']) ?></td></tr>
    <tr><th>Last update</th><td><?= e($s['s_lastupdatedate']) ?></td></tr>
    <tr><th>Comment</th><td><?= e($s['s_comment']) ?></td></tr>
    <tr><th>Connection</th><td id="live-state">
<?php if (is_array($live)) : ?>
      <span class="badge ok">online</span> since <?= e($live['Conn'] ?? '') ?>, last activity <?= e($live['Act'] ?? '') ?>
      (<?= e($live['Host'] ?? '') ?>, <?= e($live['IP'] ?? '') ?>, <?= e($live['App'] ?? '') ?> <?= e($live['Ver'] ?? '') ?>)
<?php elseif ($live === false) : ?>
      <span class="badge">offline</span>
<?php else : ?>
      <span class="badge warn">unknown</span> <span class="muted">report server not reachable</span>
<?php endif; ?>
    </td></tr>
  </table>
</div>
<?php if ($canEdit) : ?>
<div class="card">
  <h2>Renew</h2>
  <form method="post" action="<?= e($ctx->url('subscriptions')) ?>" id="renew-form">
    <?= \Dreport\Csrf::field() ?>
    <input type="hidden" name="do" value="renew"><input type="hidden" name="id" value="<?= e($s['s_objectid']) ?>">
    <label for="renew-date">New expiry date</label>
    <input type="date" id="renew-date" name="expiredate" value="">
    <label for="renew-months">…or extend by months</label>
    <select id="renew-months" name="months">
      <option value="">—</option><option value="1">1 month</option><option value="3">3 months</option>
      <option value="6">6 months</option><option value="12">12 months</option><option value="24">24 months</option>
    </select>
    <p><button type="submit">Renew</button></p>
  </form>
  <form method="post" action="<?= e($ctx->url('subscriptions')) ?>">
    <?= \Dreport\Csrf::field() ?>
    <input type="hidden" name="do" value="activate"><input type="hidden" name="id" value="<?= e($s['s_objectid']) ?>">
    <input type="hidden" name="active" value="<?= (int) $s['s_active'] === 1 ? '0' : '1' ?>">
    <button class="secondary" type="submit"><?= (int) $s['s_active'] === 1 ? 'Deactivate' : 'Activate' ?></button>
  </form>
</div>
<div class="card">
  <h2>Edit</h2>
  <form method="post" action="<?= e($ctx->url('subscriptions')) ?>">
    <?= \Dreport\Csrf::field() ?>
    <input type="hidden" name="do" value="save"><input type="hidden" name="id" value="<?= e($s['s_objectid']) ?>">
    <label for="f-objectname">Object name</label><input type="text" id="f-objectname" name="objectname" maxlength="100" value="<?= e($s['s_objectname']) ?>">
    <label for="f-customername">Customer</label><input type="text" id="f-customername" name="customername" maxlength="200" value="<?= e($s['s_customername']) ?>">
    <label for="f-eik">EIK</label><input type="text" id="f-eik" name="eik" maxlength="30" value="<?= e($s['s_eik']) ?>">
    <label for="f-address">Address</label><input type="text" id="f-address" name="address" maxlength="255" value="<?= e($s['s_address']) ?>">
    <label for="f-expiredate">Expiry date</label><input type="date" id="f-expiredate" name="expiredate" value="<?= e($s['s_expiredate']) ?>">
    <label><input type="checkbox" name="active" value="1"<?= (int) $s['s_active'] === 1 ? ' checked' : '' ?>> Active</label>
    <label for="f-comment">Comment</label><textarea id="f-comment" name="comment" maxlength="1024" rows="3"><?= e($s['s_comment']) ?></textarea>
    <p><button type="submit">Save</button></p>
  </form>
</div>
<?php endif; ?>
<div class="card">
  <h2>Devices</h2>
<?php if ($devices === []) : ?>
  <p class="muted">No device views this object.</p>
<?php else : ?>
  <ul>
<?php foreach ($devices as $d) : ?>
    <li><a href="<?= e($ctx->url('devices', ['q' => $canAdmin ? (string) $d['d_deviceid'] : (string) $s['s_objectid']])) ?>"><?= e($d['d_deviceid']) ?></a> — <?= e($d['d_objectname']) ?></li>
<?php endforeach; ?>
  </ul>
<?php endif; ?>
</div>
<div class="card">
  <h2>Recent connections</h2>
<?php if ($connections === []) : ?>
  <p class="muted">No connections recorded.</p>
<?php else : ?>
  <div class="table-wrap"><table id="connections">
    <thead><tr><th>Connected</th><th>Disconnected</th><th>Reason</th><th>Host / IP</th><th>App</th></tr></thead>
    <tbody>
<?php foreach ($connections as $cn) : ?>
    <tr><td><?= e($cn['cc_connected_at']) ?></td><td><?= $cn['cc_disconnected_at'] === null ? '<span class="badge ok">connected</span>' : e($cn['cc_disconnected_at']) ?></td>
      <td><?= e($cn['cc_reason']) ?></td><td><?= e($cn['cc_host']) ?><br><span class="muted"><?= e($cn['cc_peer_ip']) ?></span></td>
      <td><?= e($cn['cc_app']) ?> <?= e($cn['cc_version']) ?></td></tr>
<?php endforeach; ?>
    </tbody>
  </table></div>
<?php endif; ?>
  <p><a href="<?= e($ctx->url('activity', ['objectid' => (string) $s['s_objectid']])) ?>">Report activity</a> ·
     <a href="<?= e($ctx->url('clienterrors', ['objectid' => (string) $s['s_objectid']])) ?>">Client errors</a> ·
     <a href="<?= e($ctx->url('events', ['operid' => (string) $s['s_objectid']])) ?>">Event log</a></p>
</div>
<?php if ($canAdmin) : ?>
<div class="card">
  <h2>Delete</h2>
  <form method="post" action="<?= e($ctx->url('subscriptions')) ?>" data-confirm="Delete subscription <?= e($s['s_objectid']) ?> and its device links?">
    <?= \Dreport\Csrf::field() ?>
    <input type="hidden" name="do" value="delete"><input type="hidden" name="id" value="<?= e($s['s_objectid']) ?>">
    <button class="danger" type="submit">Delete subscription</button>
  </form>
</div>
<?php endif; ?>
</div>
