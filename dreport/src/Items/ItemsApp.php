<?php

declare(strict_types=1);

namespace Dreport\Items;

use Dreport\App;
use Dreport\Audit;
use Dreport\Csrf;
use Dreport\Reports\Task;
use Dreport\Viewer\DeviceObjects;
use Dreport\Viewer\I18n;
use Dreport\Viewer\ObjectGuard;
use Dreport\Viewer\ResultCodes;
use Dreport\Viewer\RuleViolation;
use Dreport\Viewer\Subscription;
use Dreport\Viewer\ViewerApp;

/**
 * items.php: item management from the phone (the legacy "РЕДАКЦИЯ НА АРТИКУЛ",
 * articles.php). Search, the item card (always read fresh from the shop), promotions and
 * the changes.
 *
 * Every change is authorised HERE, on the server, at the moment it is made: CSRF token,
 * the device owns the object, an active subscription, the device's operator login checked
 * against the shop's N_OPERATORS, the central/branch rule, then ONE task with the change
 * and its EVENTS row, whose ResultCode decides what the user is told.
 */
final class ItemsApp
{
    public const PAGE = 'items.php';
    private const RELAY_NAME = 'articlesinfo';
    private const RELAY_CHANGE = 'updateDetails';

    private I18n $t;
    private string $device = '';

    /**
     * @param array<string,mixed> $server
     * @param array<string,mixed> $get
     * @param array<string,mixed> $post
     */
    public function __construct(
        private App $app,
        private ViewerApp $viewer,
        private array $server,
        private array $get,
        private array $post,
    ) {
        $this->t = $viewer->i18n();
    }

    /**
     * The original site's item page URLs (catalogue row `articles.php`, bookmarks, the
     * wrapper app): a redirect to the same page here. Only the object id and the item
     * number are taken over (validated); every other value of the old URLs (names, prices,
     * "validated" flags) is ignored, because the card is always read from the shop.
     *
     * @param array<string,mixed> $get
     */
    public static function legacyUrl(string $page, array $get): string
    {
        $q = [];
        $oid = \Dreport\ObjectId::valid($get['id'] ?? null);
        if ($oid !== null) {
            $q['id'] = $oid;
        }
        $plu = ItemValues::plu($get['pluNumb'] ?? $get['plu'] ?? null);
        if ($page !== 'articles' && $plu !== null) {
            $q['plu'] = $plu;
            if ($page === 'promotions') {
                $q['view'] = 'promotions';
            }
        }
        if (isset($get['lang']) && in_array($get['lang'], I18n::LANGS, true)) {
            $q['lang'] = $get['lang'];
        }
        return self::PAGE . ($q === [] ? '' : '?' . http_build_query($q, '', '&', PHP_QUERY_RFC3986));
    }

    public function handle(): void
    {
        $this->t = $this->viewer->i18n();
        $device = $this->viewer->requireDevice();
        if ($device === null) {
            return;
        }
        $this->device = $device;
        try {
            $this->route($device);
        } catch (RuleViolation $e) {
            // Only the wrong-password throttle (ObjectGuard) reaches here: no relay went out.
            $this->viewer->fail(429, $e->getMessage());
        }
    }

    private function route(string $device): void
    {
        $isPost = ($this->server['REQUEST_METHOD'] ?? 'GET') === 'POST';
        $src = $isPost ? $this->post : $this->get;
        $row = (new DeviceObjects($this->app->db()))->find($device, $src['id'] ?? null);
        if ($row === null) {
            if ($isPost) {
                $this->app->audit()->log(Audit::ITEM_REFUSED, $device, 'item change refused: object not on this device');
            }
            $this->viewer->fail(404, 'err_not_yours');
            return;
        }
        if ($isPost) {
            $this->post($device, $row);
            return;
        }
        $view = is_string($this->get['view'] ?? null) ? $this->get['view'] : '';
        if ($view === 'operator') {
            $this->operatorPage($device, $row, []);
            return;
        }
        $blocked = $this->subscriptionWarning($row);
        if ($blocked !== null) {
            $this->page('itm_search_title', 'viewer/items_blocked', $row, ['message' => $blocked]);
            return;
        }
        $plu = ItemValues::plu($this->get['plu'] ?? null);
        if ($plu === null) {
            $this->searchPage($device, $row);
        } elseif ($view === 'promotions') {
            $this->promotionsPage($device, $row, $plu);
        } else {
            $this->cardPage($device, $row, $plu);
        }
    }

    // ---------------------------------------------------------------- pages (GET)

    /** @param array<string,mixed> $row */
    private function searchPage(string $device, array $row): void
    {
        $oid = (string) $row['d_objectid'];
        $filter = ItemValues::filter($this->get['f'] ?? null);
        $raw = is_string($this->get['q'] ?? null) ? mb_substr((string) $this->get['q'], 0, 120) : '';
        $page = ItemValues::page($this->get['page'] ?? null);
        $vars = ['filter' => $filter, 'q' => $raw, 'page' => $page, 'items' => [], 'more' => false,
            'central' => null, 'error' => null, 'invalid' => false, 'searched' => false];
        if (trim($raw) !== '') {
            $value = ItemValues::search($filter, $raw);
            if ($value === null) {
                $vars['invalid'] = true;
            } else {
                $answer = $this->ask($row, [
                    'Office' => ItemSql::officeType(),
                    'Items' => ItemSql::search($filter, $value, $page),
                ]);
                $vars['searched'] = true;
                if (ResultCodes::isSuccess($answer)) {
                    $items = Task::rows($answer, 'Items');
                    $vars['more'] = count($items) > ItemSql::PAGE_SIZE;
                    $vars['items'] = array_slice($items, 0, ItemSql::PAGE_SIZE);
                    $vars['central'] = $this->officeType($answer);
                } else {
                    $vars['error'] = $this->error($answer);
                }
            }
        }
        $vars['base'] = ['id' => $oid, 'f' => $filter, 'q' => $raw];
        $vars['operator'] = $this->logins()->username($device, $oid);
        $this->page('itm_search_title', 'viewer/items_search', $row, $vars);
    }

    /** @param array<string,mixed> $row */
    private function cardPage(string $device, array $row, int $plu): void
    {
        $oid = (string) $row['d_objectid'];
        $queries = [
            'Office' => ItemSql::officeType(),
            'Item' => ItemSql::item($plu),
            'Barcodes' => ItemSql::barcodes($plu),
        ];
        $login = $this->logins()->credentials($device, $oid);
        if ($login !== null) {
            $queries['Operator'] = ItemSql::operator($login['username']);
        }
        $answer = $this->ask($row, $queries);
        $vars = ['plu' => $plu, 'item' => null, 'barcodes' => [], 'error' => null, 'central' => null,
            'operator' => $this->logins()->username($device, $oid), 'status' => null, 'back' => $this->backUrl($oid)];
        if (!ResultCodes::isSuccess($answer)) {
            $vars['error'] = $this->error($answer);
        } else {
            $item = Task::rows($answer, 'Item')[0] ?? null;
            $vars['item'] = $item;
            $vars['central'] = $this->officeType($answer);
            $vars['barcodes'] = array_values(array_filter(array_map(
                static fn (array $r): string => Answer::text($r, 'PLU_BARCODE'),
                Task::rows($answer, 'Barcodes')
            ), static fn (string $b): bool => $b !== ''));
            $vars['status'] = $this->editStatus($login, $answer, $item);
        }
        $this->page('itm_card_title', 'viewer/item_card', $row, $vars);
    }

    /** @param array<string,mixed> $row */
    private function promotionsPage(string $device, array $row, int $plu, array $form = []): void
    {
        $answer = $this->ask($row, [
            'Office' => ItemSql::officeType(),
            'Item' => ItemSql::item($plu),
            'Promotions' => ItemSql::promotions($plu),
        ]);
        $vars = ['plu' => $plu, 'item' => null, 'active' => [], 'past' => [], 'error' => null, 'central' => null,
            'form' => $form + self::promotionDefaults(DeviceObjects::today($row))];
        if (!ResultCodes::isSuccess($answer)) {
            $vars['error'] = $this->error($answer);
        } else {
            $vars['item'] = Task::rows($answer, 'Item')[0] ?? null;
            $vars['central'] = $this->officeType($answer);
            foreach (Task::rows($answer, 'Promotions') as $p) {
                $vars[Answer::int($p, 'PR_CURRENT') === 1 ? 'active' : 'past'][] = $p;
            }
        }
        $this->page('itm_promotions_title', 'viewer/item_promotions', $row, $vars);
    }

    /**
     * @param array<string,mixed> $row
     * @param list<string> $errors
     */
    private function operatorPage(string $device, array $row, array $errors, int $status = 200): void
    {
        $oid = (string) $row['d_objectid'];
        $this->page('itm_operator_title', 'viewer/item_operator', $row, [
            'operator' => $this->logins()->username($device, $oid),
            'configured' => $this->logins()->configured(),
            'errors' => $errors,
            'back' => $this->backUrl($oid),
        ], $status);
    }

    // ---------------------------------------------------------------- changes (POST)

    /** @param array<string,mixed> $row */
    private function post(string $device, array $row): void
    {
        $oid = (string) $row['d_objectid'];
        $action = is_string($this->post['action'] ?? null) ? $this->post['action'] : '';
        $plu = ItemValues::plu($this->post['plu'] ?? null);
        if (!Csrf::valid($this->post['csrf'] ?? null)) {
            $this->app->audit()->log(Audit::ITEM_REFUSED, $oid, "device $device: item change refused: no valid CSRF token");
            $this->viewer->fail(403, 'err_csrf');
            return;
        }
        if ($action === 'operator') {
            $this->saveOperator($device, $row);
            return;
        }
        $back = $plu === null ? $this->backUrl($oid) : $this->cardUrl($oid, $plu, $action);
        try {
            if ($plu === null) {
                throw new RuleViolation('itm_err_plu');
            }
            $change = $this->changeFromPost($action, $plu);
            $after = $this->apply($device, $row, $change);
            $stored = $change->storedPriceDiffers($after);
            if ($stored !== null) {
                $this->viewer->flash('warn', 'itm_ok_price_stored', $stored);
            } else {
                $this->viewer->flash('ok', 'itm_ok_' . $change->kind);
            }
        } catch (RuleViolation $e) {
            $this->app->audit()->log(Audit::ITEM_REFUSED, $oid, sprintf(
                'device %s item %s %s refused: %s',
                $device,
                $plu ?? '?',
                preg_replace('/[^a-z_]/', '', $action),
                $e->getMessage()
            ));
            $this->viewer->flash('error', 'itm_refused', $this->t->t($e->getMessage()));
            if ($action === 'promo_add' && $plu !== null) {
                $_SESSION['itm_promo_form'] = $this->promotionFormEcho();
            }
        }
        $this->viewer->redirect($back);
    }

    /** @throws RuleViolation */
    private function changeFromPost(string $action, int $plu): ItemChange
    {
        $v = $this->post['value'] ?? null;
        return match ($action) {
            'price' => ItemChange::price($plu, ItemValues::price($v) ?? throw new RuleViolation('itm_err_price')),
            'name' => ItemChange::name(
                $plu,
                ItemValues::text($v, ItemValues::NAME_MAX) ?? throw new RuleViolation('itm_err_name')
            ),
            'ecrname' => ItemChange::ecrName(
                $plu,
                ItemValues::text($v, ItemValues::ECR_NAME_MAX) ?? throw new RuleViolation('itm_err_ecr_name')
            ),
            'block' => ItemChange::saleBlock($plu, (ItemValues::flag($v) ?? throw new RuleViolation('itm_err_flag')) === 1),
            'promo_add' => ItemChange::addPromotion($plu, Promotion::fromForm($this->post)),
            'promo_delete' => ItemChange::deletePromotion(
                $plu,
                ItemValues::id($this->post['promotion'] ?? null) ?? throw new RuleViolation('itm_err_promotion')
            ),
            default => throw new RuleViolation('itm_err_action'),
        };
    }

    /**
     * The server-side checks and the change itself.
     *
     * @param array<string,mixed> $row
     * @return array<string,mixed>|null the item as the shop stored it (read back in the change's transaction)
     * @throws RuleViolation
     */
    private function apply(string $device, array $row, ItemChange $change): ?array
    {
        $oid = (string) $row['d_objectid'];
        if ($this->subscriptionWarning($row) !== null) {
            throw new RuleViolation('itm_err_subscription');
        }
        if (!$this->logins()->configured()) {
            throw new RuleViolation('itm_err_no_key');
        }
        $login = $this->logins()->credentials($device, $oid) ?? throw new RuleViolation('itm_err_no_operator');

        // 1. What the shop says now: the operator, central or branch, the item (and promotion).
        $check = [
            'Operator' => ItemSql::operator($login['username']),
            'Office' => ItemSql::officeType(),
            'Item' => ItemSql::item($change->plu),
        ];
        if ($change->kind === ItemChange::PROMO_DELETE) {
            $check['Promotion'] = ItemSql::promotion($change->plu, (int) $change->promotionId);
        }
        $answer = $this->ask($row, $check);
        if (!ResultCodes::isSuccess($answer)) {
            throw new RuleViolation($this->shopErrorKey($answer));
        }
        $refusal = OperatorCheck::operatorRefusal(Task::rows($answer, 'Operator'), $login['username'], $login['password']);
        $item = Task::rows($answer, 'Item')[0] ?? null;
        $refusal ??= OperatorCheck::placeRefusal($this->officeType($answer), $item, $change);
        if ($refusal === null && $change->kind === ItemChange::PROMO_DELETE && Task::rows($answer, 'Promotion') === []) {
            $refusal = 'itm_err_promotion';
        }
        if ($refusal !== null) {
            throw new RuleViolation($refusal);
        }

        // 2. The change and its EVENTS row: one task, one transaction on the shop's side.
        $result = $this->ask($row, $change->statements($oid, $login['username'], $device), self::RELAY_CHANGE);
        $code = ResultCodes::code($result);
        $after = $code === ResultCodes::OK ? $change->afterRow($result) : null;
        $this->app->audit()->log(
            $code === ResultCodes::OK ? Audit::ITEM_CHANGE : Audit::ITEM_REFUSED,
            $oid,
            sprintf(
                'device %s object %s item %d operator %s: %s%s',
                $device,
                $oid,
                $change->plu,
                $login['username'],
                $change->auditText($item, $after),
                $code === ResultCodes::OK ? '' : ' FAILED rc=' . $code
            )
        );
        if ($code !== ResultCodes::OK) {
            throw new RuleViolation($this->shopErrorKey($result));
        }
        return $after;
    }

    /** @param array<string,mixed> $row */
    private function saveOperator(string $device, array $row): void
    {
        $oid = (string) $row['d_objectid'];
        if (($this->post['clear'] ?? '') === '1') {
            $this->logins()->clear($device, $oid);
            $this->app->audit()->log(Audit::OPERATOR_LOGIN, $oid, "device $device removed the operator login of object $oid");
            $this->viewer->flash('ok', 'itm_operator_cleared');
            $this->viewer->redirect($this->operatorUrl($oid));
        }
        if (!$this->logins()->configured()) {
            $this->operatorPage($device, $row, [$this->t->t('itm_err_no_key')], 503);
            return;
        }
        $user = ItemValues::username($this->post['username'] ?? null);
        $pass = ItemValues::password($this->post['password'] ?? null);
        if ($user === null || $pass === null) {
            $this->operatorPage($device, $row, [$this->t->t($user === null ? 'itm_err_username' : 'itm_err_password')], 422);
            return;
        }
        $this->logins()->save($device, $oid, $user, $pass);
        $this->app->audit()->log(
            Audit::OPERATOR_LOGIN,
            $oid,
            "device $device set the operator login of object $oid to user $user"
        );
        // Tell at once whether the shop accepts it (the change itself checks again).
        $answer = $this->ask($row, ['Operator' => ItemSql::operator($user)]);
        if (!ResultCodes::isSuccess($answer)) {
            $this->viewer->flash('warn', 'itm_operator_saved_unchecked', $this->error($answer)['message']);
        } else {
            $refusal = OperatorCheck::operatorRefusal(Task::rows($answer, 'Operator'), $user, $pass);
            if ($refusal === null) {
                $this->viewer->flash('ok', 'itm_operator_saved');
            } else {
                $this->viewer->flash('error', 'itm_operator_saved_refused', $this->t->t($refusal));
            }
        }
        $this->viewer->redirect($this->operatorUrl($oid));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Send a task to the shop and log it like every report (t_statistics type 1).
     *
     * @param array<string,mixed> $row
     * @param array<string,string> $queries
     * @return array<string,mixed>
     */
    private function ask(array $row, array $queries, string $name = self::RELAY_NAME): array
    {
        $oid = (string) $row['d_objectid'];
        $started = microtime(true);
        // The same wrong-password throttle as the reports (an unproven link's relays count).
        $answer = (new ObjectGuard($this->app->db(), $this->app->audit()))
            ->relay($this->app->reportServer(), $this->device, $row, $name, $queries, $this->app->clientIp($this->server));
        if ($answer === null) {
            throw new RuleViolation('err_too_many_passwords');
        }
        $this->app->audit()->log(Audit::START_REPORT, $oid, sprintf(
            'report %s (%s) rc=%d %dms',
            $name,
            implode(',', array_keys($queries)),
            ResultCodes::code($answer),
            (int) round((microtime(true) - $started) * 1000)
        ));
        return $answer;
    }

    /**
     * The subscription rule (Viewer\Subscription): null while the object may be used, else
     * the warning (expired on …, inactive, unknown). Item pages are E-block: no query at all.
     *
     * @param array<string,mixed> $row
     */
    private function subscriptionWarning(array $row): ?string
    {
        return Subscription::isExpired($row, DeviceObjects::today($row)) ? Subscription::warning($row, $this->t) : null;
    }

    /** @param array<string,mixed> $answer */
    private function officeType(array $answer): ?int
    {
        $r = Task::rows($answer, 'Office')[0] ?? null;
        return $r === null ? null : Answer::int($r, 'OFFICE_TYPE');
    }

    /**
     * What the card tells the user about editing (the server checks again on every change).
     *
     * @param array{username:string,password:string}|null $login
     * @param array<string,mixed> $answer
     * @param array<string,mixed>|null $item
     * @return array{ok:bool,text:string,price:bool,other:bool}
     */
    private function editStatus(?array $login, array $answer, ?array $item): array
    {
        if (!$this->logins()->configured()) {
            return ['ok' => false, 'text' => $this->t->t('itm_err_no_key'), 'price' => false, 'other' => false];
        }
        if ($login === null) {
            return ['ok' => false, 'text' => $this->t->t('itm_err_no_operator'), 'price' => false, 'other' => false];
        }
        $refusal = OperatorCheck::operatorRefusal(Task::rows($answer, 'Operator'), $login['username'], $login['password']);
        if ($refusal !== null) {
            return ['ok' => false, 'text' => $this->t->t($refusal), 'price' => false, 'other' => false];
        }
        $central = OperatorCheck::isCentral($this->officeType($answer));
        $price = $item !== null && OperatorCheck::placeRefusal(
            $this->officeType($answer),
            $item,
            ItemChange::price((int) Answer::int($item, 'PLU_NUMB'), '0')
        ) === null;
        $text = $central
            ? $this->t->t('itm_edit_ok', $login['username'])
            : $this->t->t($price ? 'itm_edit_branch_price' : 'itm_err_branch', $login['username']);
        return ['ok' => $central || $price, 'text' => $text, 'price' => $price, 'other' => $central];
    }

    /**
     * @param array<string,mixed> $answer
     * @return array{code:int,message:string,detail:?string}
     */
    private function error(array $answer): array
    {
        $code = ResultCodes::code($answer);
        return [
            'code' => $code,
            'message' => ResultCodes::message($code, $this->t),
            'detail' => ResultCodes::detail($answer),
        ];
    }

    /** A shop/relay failure as a refusal reason (the code's own text). */
    private function shopErrorKey(array $answer): string
    {
        $code = ResultCodes::code($answer);
        return match ($code) {
            ResultCodes::OFFLINE => 'rc_200',
            ResultCodes::BUSY => 'rc_201',
            ResultCodes::NO_ANSWER => 'rc_203',
            ResultCodes::WRONG_PASSWORD => 'rc_1004',
            ResultCodes::SQL_ERROR => 'itm_err_sql',
            ResultCodes::EXPIRED => 'rc_1011',
            default => 'itm_err_shop',
        };
    }

    /** @return array<string,string> */
    private function promotionFormEcho(): array
    {
        $out = [];
        foreach (['ptype', 'pvalue', 'from_date', 'to_date', 'from_time', 'to_time', 'priority'] as $k) {
            $v = $this->post[$k] ?? '';
            $out[$k] = is_string($v) ? mb_substr($v, 0, 20) : '';
        }
        $days = $this->post['days'] ?? [];
        $out['days'] = is_array($days) ? implode('', array_map(
            static fn (int $d): string => in_array((string) $d, array_map('strval', $days), true) ? '1' : '0',
            range(1, 7)
        )) : '0000000';
        return $out;
    }

    /** @return array<string,string> */
    private static function promotionDefaults(\DateTimeImmutable $today): array
    {
        return [
            'ptype' => Promotion::TYPE_PRICE, 'pvalue' => '', 'from_date' => $today->format('Y-m-d'),
            'to_date' => $today->modify('+7 days')->format('Y-m-d'), 'from_time' => '00:00', 'to_time' => '23:59',
            'priority' => '5', 'days' => '1111111',
        ];
    }

    private function logins(): OperatorLogin
    {
        return new OperatorLogin($this->app->db(), SecretBox::fromConfig($this->app->config));
    }

    private function backUrl(string $oid): string
    {
        return self::PAGE . '?' . http_build_query(['id' => $oid], '', '&', PHP_QUERY_RFC3986);
    }

    private function cardUrl(string $oid, int $plu, string $action): string
    {
        $q = ['id' => $oid, 'plu' => $plu];
        if (str_starts_with($action, 'promo')) {
            $q['view'] = 'promotions';
        }
        return self::PAGE . '?' . http_build_query($q, '', '&', PHP_QUERY_RFC3986);
    }

    private function operatorUrl(string $oid): string
    {
        return self::PAGE . '?' . http_build_query(['id' => $oid, 'view' => 'operator'], '', '&', PHP_QUERY_RFC3986);
    }

    /**
     * @param array<string,mixed> $row
     * @param array<string,mixed> $vars
     */
    private function page(string $titleKey, string $template, array $row, array $vars, int $status = 200): void
    {
        if ($template === 'viewer/item_promotions' && isset($_SESSION['itm_promo_form'])) {
            $vars['form'] = $_SESSION['itm_promo_form'] + $vars['form'];
            unset($_SESSION['itm_promo_form']);
        }
        $this->viewer->page($status, $template, $this->t->t($titleKey), $vars + [
            'row' => $row,
            'oid' => (string) $row['d_objectid'],
            'page_url' => self::PAGE,
        ]);
    }
}
